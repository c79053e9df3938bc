from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "aitalent.recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from aitalent.core import member_data, sections
        from aitalent.recommendations import services, views

        # Per viewer and never cached: the home aside, not the cached register_home.
        sections.register_home_aside(views.home_feed, order=5)
        sections.register_profile(views.profile_people, order=90)
        member_data.register(
            "recommendations",
            export=services.export_member_data,
            erase=services.erase_member_data,
            models=[
                "recommendations.SuggestionList",
                "recommendations.Impression",
                "recommendations.Click",
                "recommendations.MemberEmbedding",
            ],
        )
