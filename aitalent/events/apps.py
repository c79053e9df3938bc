from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "aitalent.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from aitalent.events import services

        services.register()
