from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "aitalent.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from aitalent.accounts import receivers, services
        from aitalent.core import member_data

        receivers.connect()
        member_data.register(
            "account",
            export=services.export_account,
            erase=services.erase_account,
            # Audit events keep the fact without the person (actor SET NULL on deletion).
            models=["accounts.User", "accounts.AuditEvent"],
        )
        member_data.register(
            "exports",
            export=services.export_exports,
            erase=services.erase_exports,
            models=["accounts.DataExport"],
        )
