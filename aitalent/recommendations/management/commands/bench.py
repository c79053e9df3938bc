"""``aitalent bench recsys|links|pages|search|directory|…``: thin wrappers around bench modules.

Besides the built-in ones, any app may offer benchmarks: a module ``aitalent.<app>.benches`` with
``BENCHES = [core.benching.Bench(name, help, add_arguments, run)]``; ``run(options, out)``
prints its numbers.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aitalent.core.benching import Bench
from aitalent.recommendations import bench


def discovered_benches() -> dict[str, Bench]:
    found: dict[str, Bench] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("aitalent."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.benches")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.benches":
                raise
            continue
        for item in getattr(module, "BENCHES", []):
            found[item.name] = item
    return found


class Command(BaseCommand):
    help = "Benchmark the recommendation engine (recsys: item ranking; links: people)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="which", required=True, parser_class=CommandParser)
        bench.add_recsys_arguments(
            sub.add_parser("recsys", help="Recall/NDCG@20 on a LightGCN-format split")
        )
        bench.add_links_arguments(
            sub.add_parser("links", help="AUC/Hits@K and the 2-hop protocol on a link split")
        )
        pages = sub.add_parser("pages", help="server time and queries of typical pages")
        pages.add_argument("--rounds", type=int, default=30)
        search = sub.add_parser("search", help="search query latency over the index")
        search.add_argument("--rounds", type=int, default=20)
        directory = sub.add_parser("directory", help="people directory query latency")
        directory.add_argument("--queries", type=int, default=300)
        for item in discovered_benches().values():
            item.add_arguments(sub.add_parser(item.name, help=item.help))

    def handle(self, *args: Any, **options: Any) -> None:
        which = options["which"]
        extra = discovered_benches()
        if which in extra:
            extra[which].run(options, self.stdout)
            return
        if which == "pages":
            from aitalent.core.bench import run_pages_bench

            run_pages_bench(rounds=options["rounds"], out=self.stdout)
            return
        if which == "search":
            from aitalent.search.bench import run_search_bench

            run_search_bench(rounds=options["rounds"], out=self.stdout)
            return
        if which == "directory":
            from aitalent.people.bench import run_directory_bench

            run_directory_bench(options["queries"], self.stdout)
            return
        if which == "recsys" and options.get("platform"):
            from aitalent.recommendations.platform_bench import run_platform

            try:
                run_platform(json_path=options["json_path"], out=self.stdout)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            return
        try:
            if which == "recsys":
                bench.run_recsys(
                    options["dataset"],
                    options["models"],
                    options["json_path"],
                    options["synthetic"],
                    out=self.stdout,
                )
            else:
                bench.run_links(options["dataset"], options["json_path"], out=self.stdout)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
