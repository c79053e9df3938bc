from __future__ import annotations

import importlib
import inspect
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Load data. --demo: a believable small community (idempotent). --scale N: N bulk "
        "members with skills for benchmarks. Each app contributes through its `seed` module."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--demo", action="store_true")
        parser.add_argument("--scale", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=42, help="random seed")
        parser.add_argument(
            "--corpus",
            choices=["zipf", "uniform"],
            default="zipf",
            help="word distribution of synthetic search documents (see search/seed.py)",
        )
        parser.add_argument(
            "--only",
            action="append",
            default=None,
            metavar="APP",
            help="limit to these apps' seed modules, e.g. --only search",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["demo"] and not options["scale"]:
            raise CommandError("Choose --demo or --scale N (for example --scale 10000).")
        if options["scale"] < 0:
            raise CommandError("--scale takes a positive number of members.")
        # Demo and bulk members have made-up addresses: the notifications their seeded activity
        # triggers must not be mailed (nor fill the console of `make run`).
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            NOTIFICATIONS_SEND_EMAIL=False,  # in-app notifications only, no queued e-mails
        ):
            self._seed(options)

    def _seed(self, options: dict[str, Any]) -> None:
        modules = []
        for config in apps.get_app_configs():
            if not config.name.startswith("aitalent."):
                continue
            if options["only"] and config.label not in options["only"]:
                continue
            try:
                modules.append(importlib.import_module(f"{config.name}.seed"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.seed":
                    raise
        # Apps seed in INSTALLED_APPS order unless a module sets SEED_ORDER (lower runs first),
        # so that, e.g., notifications can address the members that people/seed.py creates.
        modules.sort(key=lambda module: getattr(module, "SEED_ORDER", 100))
        for module in modules:
            if options["demo"] and hasattr(module, "seed_demo"):
                module.seed_demo(out=self.stdout, seed=options["seed"])
            if options["scale"] and hasattr(module, "seed_scale"):
                extra = {}
                if "corpus" in inspect.signature(module.seed_scale).parameters:
                    extra["corpus"] = options["corpus"]
                module.seed_scale(
                    n=options["scale"], out=self.stdout, seed=options["seed"], **extra
                )
