from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aitalent.accounts.models import User
from aitalent.people.models import ProfileSkill

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_a_believable_community_once(client) -> None:
    out = StringIO()
    call_command("seed", demo=True, stdout=out)
    assert User.objects.count() >= 60
    assert User.objects.filter(email="admin@example.com", is_staff=True).exists()
    demo = User.objects.get(email="demo@example.com")
    assert not demo.is_staff and demo.check_password("aitalent-demo")
    assert ProfileSkill.objects.values("profile").distinct().count() >= 60
    assert User.objects.values("profile__country").distinct().count() >= 10
    assert "demo@example.com" in out.getvalue()
    call_command("seed", demo=True, stdout=StringIO())
    assert User.objects.filter(email="demo@example.com").count() == 1
    assert client.login(email="demo@example.com", password="aitalent-demo")


def test_scale_seed_uses_copy_and_creates_members_with_skills() -> None:
    call_command("seed", scale=120, stdout=StringIO())
    members = User.objects.filter(email__endswith="@scale.example.com")
    assert members.count() == 120
    assert ProfileSkill.objects.filter(profile__user__in=members).count() >= 360
    member = members.first()
    assert member.emailaddress_set.get().verified


def test_seed_needs_a_mode() -> None:
    with pytest.raises(CommandError, match="--demo or --scale"):
        call_command("seed", stdout=StringIO())
