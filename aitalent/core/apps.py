from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    # The database cache backs rate limits shared across processes; `migrate` alone must be enough.
    from django.conf import settings
    from django.core.management import call_command

    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("DatabaseCache"):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "aitalent.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from aitalent.core import member_data, services

        post_migrate.connect(_create_cache_table, sender=self)
        member_data.register(
            "topics",
            export=services.export_created_topics,
            erase=services.erase_created_topics,
            models=["core.Topic"],
        )
