from __future__ import annotations

from io import StringIO

import pytest

from aitalent.people.bench import run_directory_bench
from aitalent.people.tests.factories import member, skill

pytestmark = pytest.mark.django_db


def test_directory_bench_reports_percentiles(alice) -> None:
    for i in range(5):
        skill(member(f"b{i}"), "python", 3)
    out = StringIO()
    result = run_directory_bench(12, out)
    assert result["queries"] == 12 and result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert "p95" in out.getvalue()


def test_demo_seed_grows_a_believable_network() -> None:
    from django.core.management import call_command

    from aitalent.accounts.models import User
    from aitalent.messaging.models import Conversation
    from aitalent.people.models import Connection, Endorsement, ProfileSkill

    call_command("seed", demo=True, stdout=StringIO())
    assert User.objects.count() >= 300
    assert User.objects.filter(language="zh-hans").exists()
    assert User.objects.values("profile__country").distinct().count() >= 12
    assert Connection.objects.count() > 600 and Endorsement.objects.count() > 100
    assert ProfileSkill.objects.filter(evidenced_level__gt=0).exists()
    demo = User.objects.get(handle="demo")
    assert Conversation.objects.filter(participants__user=demo).count() >= 3
    assert demo.connection_requests_received.filter(status="pending").count() == 3
