"""End to end in headless Chromium: sign up, verify e-mail, log in, switch language, log out."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_member_journey(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Display name").fill("Grace Hopper")
    page.get_by_label("Handle").fill("grace")
    page.locator("#id_password1").fill("compilers are fun 1952")
    page.locator("#id_password2").fill("compilers are fun 1952")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/.*"))
    assert "Verify Your Email Address" in page.content()

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("grace@example.com")
    page.locator("#id_password").fill("compilers are fun 1952")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")
    assert "Welcome back, Grace Hopper" in page.content()

    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "欢迎回来" in page.content()

    page.locator("#user-menu").click()
    page.get_by_role("link", name="退出登录").click()
    page.get_by_role("button", name=re.compile("登出|Sign Out")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="注册").first.is_visible()
