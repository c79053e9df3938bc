from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "aitalent.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from aitalent.projects import services

        services.register()
