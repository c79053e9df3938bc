from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "aitalent.forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from aitalent.forum import services

        services.register()
