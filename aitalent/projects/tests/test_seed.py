from __future__ import annotations

import io

import pytest

from aitalent.projects import seed
from aitalent.projects.models import (
    Application,
    Milestone,
    Offer,
    OfferApplication,
    Project,
    Role,
    Task,
)
from conftest import make_member

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_projects_across_stages_offers_and_applications() -> None:
    for i in range(40):
        make_member(f"s{i}@example.com", f"seed{i}", f"Seed {i}")
    out = io.StringIO()
    seed.seed_demo(out=out)
    assert Project.objects.count() == 25
    assert set(Project.objects.values_list("stage", flat=True)) == {
        "idea",
        "forming",
        "building",
        "pilot",
        "launched",
    }
    assert Project.objects.filter(language="zh-hans").count() >= 5
    assert Project.objects.filter(visibility="private").exists()
    assert Role.objects.filter(status="open").count() >= 20
    assert Milestone.objects.exists() and Task.objects.filter(status="done").exists()
    assert Application.objects.filter(status="pending").exists()
    assert Offer.objects.count() == 8
    assert OfferApplication.objects.filter(status="accepted").count() >= 6
    seed.seed_demo(out=out)  # idempotent
    assert Project.objects.count() == 25


def test_scale_seed_bulk_creates_projects() -> None:
    for i in range(3):
        make_member(f"s{i}@example.com", f"seed{i}", f"Seed {i}")
    seed.seed_scale(n=60, out=io.StringIO())
    assert Project.objects.count() == 3
    assert Role.objects.count() == 6
