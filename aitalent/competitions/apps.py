from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "aitalent.competitions"
    verbose_name = _("Competitions")

    def ready(self) -> None:
        from aitalent.competitions import services, tasks  # noqa: F401 - tasks register jobs

        services.register()
