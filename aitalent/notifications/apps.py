from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "aitalent.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from aitalent.core import member_data
        from aitalent.notifications import selectors, services

        services.register_type(
            "notifications.announcement",
            module="announcements",
            label=_("Announcements"),
            message=_("Announcement: %(title)s"),
            default_email="instant",
        )
        services.register_watchable("core.topic", label=_("topic"), resolve=selectors.resolve_topic)
        services.register_watchable(
            "accounts.user", label=_("member"), resolve=selectors.resolve_member
        )
        member_data.register(
            "notifications",
            export=services.export_member_data,
            erase=services.erase_member_data,
            models=[
                "notifications.Notification",
                "notifications.Preference",
                "notifications.Watch",
                "notifications.DigestRun",
                "notifications.Announcement",
            ],
        )
