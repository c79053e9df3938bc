from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "aitalent.activity"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from aitalent.activity import services
        from aitalent.core import member_data

        member_data.register(
            "activity",
            export=services.export_interactions,
            erase=services.erase_interactions,
            models=["activity.Interaction", "activity.ReputationEvent", "activity.Reputation"],
        )
