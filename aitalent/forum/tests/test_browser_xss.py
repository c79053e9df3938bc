"""Chromium opens a thread whose posts hold the whole XSS corpus: nothing may run."""

from __future__ import annotations

from pathlib import Path

import pytest

from aitalent.forum import services
from aitalent.forum.tests.factories import category, question

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORPUS = Path(__file__).resolve().parents[2] / "core" / "tests" / "data" / "xss_payloads.txt"


def test_no_payload_executes(page, live_server, alice, mallory) -> None:
    payloads = [
        line
        for line in CORPUS.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    from django.utils import timezone

    mallory.date_joined = timezone.now() - timezone.timedelta(days=30)  # past the new-member limits
    mallory.save()
    thread = question(
        alice,
        category(),
        title="A thread full of hostile markup",
        body="Opening post <script>window.__xss = 1</script>",
    )
    for start in range(0, len(payloads), 25):
        services.reply(
            thread=thread, author=mallory, body="\n\n".join(payloads[start : start + 25])
        )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + thread.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.mouse.move(200, 300)  # hover-triggered handlers would fire now
    page.keyboard.press("Tab")
    assert dialogs == []
    assert page.evaluate("window.__xss === undefined")
    sources = page.evaluate("Array.from(document.scripts).map(s => s.src)")
    assert all(src.startswith(live_server.url + "/static/") for src in sources), sources
    assert page.locator("article.card").count() == 1 + -(-len(payloads) // 25)
