from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "aitalent.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from aitalent.core import member_data
        from aitalent.people import services

        user_signed_up.connect(services.on_user_signed_up, dispatch_uid="people-create-profile")
        member_data.register("profile", export=services.export_profile)
