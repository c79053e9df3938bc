from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "aitalent.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from aitalent.core import member_data
        from aitalent.people import evidence, selectors, services

        user_signed_up.connect(services.on_user_signed_up, dispatch_uid="people-create-profile")
        from aitalent.core import sections

        sections.register_home_aside(selectors.home_new_members, order=10)
        member_data.register(
            "profile",
            export=services.export_profile,
            erase=services.erase_profile,
            models=["people.Profile", "people.ProfileSkill"],
            files=services.profile_files,
        )
        member_data.register(
            "network",
            export=services.export_network,
            erase=services.erase_network,
            models=[
                "people.ConnectionRequest",
                "people.Connection",
                "people.Follow",
                "people.Block",
                "people.Report",
                "people.Endorsement",
            ],
        )
        evidence.register_source("endorsement", evidence.endorsement_source)
        self._register_notifications(selectors)

    def _register_notifications(self, selectors: object) -> None:
        from aitalent.notifications import services as notifications

        for verb, label, message in [
            (
                "people.connection_requested",
                _("Connection requests"),
                _("%(actor)s wants to connect with you"),
            ),
            (
                "people.connection_accepted",
                _("Accepted connection requests"),
                _("%(actor)s accepted your connection request"),
            ),
            ("people.endorsed", _("Endorsements"), _("%(actor)s endorsed your skill %(title)s")),
            (
                "people.member_reported",
                _("Member reports (staff)"),
                _("%(actor)s reported @%(member)s: %(reason)s"),
            ),
        ]:
            notifications.register_type(
                verb, module="people", label=label, message=message, default_email="instant"
            )
        notifications.register_block_checker(
            lambda recipient_id, actor_id: selectors.is_blocked_between(  # type: ignore[attr-defined]
                recipient_id, actor_id
            )
        )
