from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "aitalent.courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from aitalent.courses import services

        services.register()
