from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "aitalent.analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from aitalent.analytics import services
        from aitalent.core import member_data

        member_data.register(
            "analytics",
            export=services.export_member,
            erase=services.erase_member,
            models=["analytics.NetworkSnapshot"],
        )
