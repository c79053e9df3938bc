"""The demo step backfills history once (even after other seeds added old views), aggregates."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from aitalent.activity.models import Interaction
from aitalent.analytics import seed
from aitalent.analytics.models import AggregationRun, MetricValue
from aitalent.analytics.tests.factories import act, connect, crowd

pytestmark = pytest.mark.django_db


def test_seed_demo_backfills_once_and_aggregates():
    users = crowd(24, joined=(timezone.now() - timedelta(days=200)).date())
    connect(users[0], users[1])
    act(users[2], "view", timezone.now() - timedelta(days=80))  # like recommendations' demo seed
    out = StringIO()
    seed.seed_demo(out=out)
    assert "Backdated" in out.getvalue()
    added = Interaction.objects.count()
    assert added > 3  # no resources, threads or events here: activation and connections only
    assert Interaction.objects.filter(verb="connect").count() == 2
    assert MetricValue.objects.filter(metric="active_members", grain="month").exists()
    seed.seed_demo(out=StringIO())
    assert Interaction.objects.count() == added  # idempotent
    assert AggregationRun.objects.count() == 2


def test_seed_demo_skips_an_empty_site():
    seed.seed_demo(out=StringIO())
    assert not Interaction.objects.exists()
