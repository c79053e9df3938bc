"""``aitalent bench recsys|links``: thin wrapper around :mod:`aitalent.recommendations.bench`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aitalent.recommendations import bench


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

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["which"] == "recsys":
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
