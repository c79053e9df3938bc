from __future__ import annotations

from procrastinate.contrib.django import app

from aitalent.search import services


@app.periodic(cron="17 * * * *")
@app.task(queue="default", retry=3, queueing_lock="search_rebuild_terms")
def rebuild_terms(timestamp: int) -> None:
    # Hourly: words indexed since the last run become spelling suggestions.
    services.rebuild_terms()
