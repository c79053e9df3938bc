"""Thin jobs for "your data": build an export ZIP, purge a deleted account, drop old exports."""

from __future__ import annotations

from procrastinate.contrib.django import app

from aitalent.accounts import services


@app.task(queue="default", name="aitalent.accounts.build_data_export")
def build_data_export(export_id: int) -> None:
    services.build_data_export(export_id=export_id)


@app.task(queue="default", name="aitalent.accounts.purge_account")
def purge_account(user_id: int) -> None:
    services.purge_account(user_id=user_id)


@app.periodic(cron="37 3 * * *")
@app.task(queue="maintenance", queueing_lock="expire_data_exports")
def expire_data_exports(timestamp: int) -> None:
    services.expire_data_exports()
