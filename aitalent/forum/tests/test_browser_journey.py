"""Issue 5's journey in Chromium: ask with code and a formula, get an answer, accept it, see the
reputation change, find the thread through search in English and Chinese."""

from __future__ import annotations

import re

import pytest

from aitalent.forum.tests.factories import category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


def logout(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()


def test_ask_answer_accept_and_find(page, live_server, alice, mallory) -> None:
    category(slug="questions", name_en="Questions")
    login(page, live_server, "alice@example.com")
    page.goto(live_server.url + "/forum/new/")
    page.select_option("#id_category", label="Questions")
    page.fill("#id_title", "Why is my softmax output NaN after a few steps? 为什么输出是 NaN")
    page.fill(
        "#id_body",
        "```python\nprobs = torch.softmax(logits, dim=-1)\n```\n"
        "The loss $-\\sum y \\log p$ becomes NaN.",
    )
    page.get_by_role("button", name="Post").click()
    page.wait_for_url(re.compile(r".*/forum/t/.*"))
    thread_url = page.url
    assert page.locator("pre.highlight").count() == 1
    assert page.locator(".math .katex").count() == 1  # KaTeX rendered the formula
    logout(page, live_server)

    login(page, live_server, "mallory@example.com")
    page.goto(thread_url)
    page.fill(
        "#id_body", "Subtract the max logit first: `logits - logits.max(-1, keepdim=True).values`."
    )
    page.get_by_role("button", name="Post").click()
    page.wait_for_load_state("load")
    assert "Subtract the max logit" in page.content()
    logout(page, live_server)

    login(page, live_server, "alice@example.com")
    page.goto(thread_url)
    page.get_by_role("button", name="Accept this answer").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Accepted answer").is_visible()
    page.goto(live_server.url + "/people/mallory/")
    assert page.locator("#reputation-heading .badge").inner_text() == "15"

    for query in ("softmax NaN", "为什么"):
        page.goto(live_server.url + "/search/?q=" + query)
        assert page.get_by_role("link", name=re.compile("Why is my softmax")).count() == 1, query
