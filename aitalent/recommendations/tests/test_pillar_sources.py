"""Adapters for competitions, projects and courses: listed items only; teammates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aitalent.recommendations import refresh, sources
from aitalent.recommendations.models import ItemEmbedding
from aitalent.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


def _competition(host, title, **fields):
    from aitalent.competitions.models import Competition

    now = timezone.now()
    row = Competition.objects.create(
        host=host,
        title=title,
        slug=title.lower().replace(" ", "-"),
        rules="Be fair.",
        metric="accuracy",
        starts_at=now - timedelta(days=1),
        entry_deadline_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=10),
        is_published=True,
        **fields,
    )
    row.topics.set(f.Topic.objects.filter(slug="computer-vision"))
    return row


def _project(owner, name, visibility):
    from aitalent.projects.models import Project

    row = Project.objects.create(
        created_by=owner, name=name, slug=name.lower().replace(" ", "-"), pitch=name,
        visibility=visibility,
    )  # fmt: skip
    row.topics.set(f.Topic.objects.filter(slug="pytorch"))
    return row


def _course(owner, title, status):
    from aitalent.courses.models import Course

    row = Course.objects.create(
        created_by=owner, title=title, slug=title.lower().replace(" ", "-"), summary=title,
        status=status, published_at=timezone.now(),
    )  # fmt: skip
    row.topics.set(f.Topic.objects.filter(slug="pytorch"))
    return row


def test_only_listed_pillar_items_become_candidates(alice):
    open_comp = _competition(alice, "Open digits")
    invite = _competition(alice, "Secret digits", visibility="invite")
    draft_comp = _competition(alice, "Draft digits")
    draft_comp.is_published = False
    draft_comp.save(update_fields=["is_published"])
    public = _project(alice, "Open triage", "public")
    private = _project(alice, "Private triage", "private")
    course = _course(alice, "PyTorch basics", "published")
    draft_course = _course(alice, "Unfinished course", "draft")
    keys = {(c.item_type, c.item_id) for c in sources.all_candidates()}
    assert ("competitions.competition", open_comp.pk) in keys
    assert ("projects.project", public.pk) in keys
    assert ("courses.course", course.pk) in keys
    for hidden in [
        ("competitions.competition", invite.pk),
        ("competitions.competition", draft_comp.pk),
        ("projects.project", private.pk),
        ("courses.course", draft_course.pk),
    ]:
        assert hidden not in keys
    refresh.run()
    assert not ItemEmbedding.objects.filter(item_type="projects.project", item_id=private.pk)
    assert sources.valid_ids("projects.project", {public.pk, private.pk}) == {public.pk}


def test_it_suggests_teammates_who_complement_before_the_deadline(client, alice):
    from aitalent.competitions.models import Participant

    comp = _competition(alice, "Team digits")
    me = f.member("solo", ("pytorch", 3))
    mate = f.member("mate", ("computer-vision", 4))
    same = f.member("same", ("pytorch", 4))
    hidden = f.member("hidden", ("mlops", 4), in_suggestions=False)
    for user in (me, mate, same, hidden):
        Participant.objects.create(competition=comp, user=user, accepted_rules_at=timezone.now())
    client.force_login(me)
    url = reverse("recommendations:similar", args=["competitions.competition", comp.pk])
    body = client.get(url).content.decode()
    assert 'id="teammates"' in body and "Mate" in body
    assert "Hidden" not in body and "Same" not in body.split('id="teammates"')[1]
    comp.entry_deadline_at = timezone.now() - timedelta(hours=1)
    comp.save(update_fields=["entry_deadline_at"])
    assert 'id="teammates"' not in client.get(url).content.decode()
