from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "aitalent.messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from aitalent.core import member_data
        from aitalent.messaging import services
        from aitalent.notifications import services as notifications

        member_data.register(
            "messages",
            export=services.export_messages,
            erase=services.erase_messages,
            models=["messaging.Conversation", "messaging.Participant", "messaging.Message"],
        )
        notifications.register_type(
            "messaging.message",
            module="messaging",
            label=_("New messages"),
            message=_("%(actor)s sent you a message"),
            default_email="instant",
            # One e-mail per conversation per hour, however many messages arrive.
            email_min_interval=3600,
        )
