"""The refresh job and serving: privacy rules, reasons, cold start, dismissals, freshness."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from aitalent.activity.models import Interaction
from aitalent.people.models import Block
from aitalent.recommendations import refresh, selectors, services
from aitalent.recommendations.models import (
    ItemEmbedding,
    MemberEmbedding,
    RefreshRun,
    SuggestionList,
    Surface,
)
from aitalent.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(alice: Any) -> dict[str, Any]:
    """Alice (NLP, beginner PyTorch) in a small network with items on her topics and others."""
    bob = f.member("bob", ("natural-language-processing", 4), ("pytorch", 4))
    carol = f.member("carol", ("natural-language-processing", 3), ("computer-vision", 4))
    dave = f.member(
        "dave",
        ("pytorch", 5),
        ("natural-language-processing", 5),
        is_open_to_mentoring=True,
        mentoring_capacity=2,
    )
    erin = f.member("erin", ("natural-language-processing", 4), ("pytorch", 3))
    f.member("frank", ("computer-vision", 3))
    for slug, level in [("natural-language-processing", 3), ("pytorch", 1)]:
        f.ProfileSkill.objects.create(
            profile=alice.profile, topic=f.Topic.objects.get(slug=slug), level=level
        )
    # alice - bob - carol, alice - erin - carol: carol is two hops away with 2 mutuals
    f.connect(alice, bob)
    f.connect(alice, erin)
    f.connect(bob, carol)
    f.connect(erin, carol)
    nlp = f.resource(bob, "Tokenizers explained", "natural-language-processing")
    torch = f.resource(dave, "PyTorch from zero", "pytorch", kind="tutorial", difficulty="beginner")
    vision = f.resource(carol, "Convolutions for images", "computer-vision")
    meetup = f.event(bob, "NLP meetup Berlin", "natural-language-processing")
    for user in (bob, carol, erin):
        f.signal(user, nlp)
        f.signal(user, meetup, "register", 3.0)
    f.signal(carol, vision)
    return {
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "erin": erin,
        "nlp": nlp,
        "torch": torch,
        "vision": vision,
        "meetup": meetup,
    }


def _items(user: Any, surface: str = Surface.FEED) -> set[tuple[str, int]]:
    return {(e["type"], e["id"]) for e in f.entries(user, surface)}


def test_it_builds_every_surface_with_reasons(alice, community):
    run = refresh.run()
    assert run.finished_at and run.members >= 6 and run.items == 4
    feed = f.entries(alice, Surface.FEED)
    assert ("knowledge.resource", community["nlp"].pk) in _items(alice)
    assert all(e["reason"] for e in feed)
    assert ("knowledge.resource", community["torch"].pk) in _items(alice, Surface.LEARNING)
    assert community["carol"].pk in f.ids(alice, Surface.PEOPLE)
    carol = next(e for e in f.entries(alice, Surface.PEOPLE) if e["id"] == community["carol"].pk)
    assert carol["reason"] == "mutual" and carol["params"] == {"count": 2}
    assert f.ids(alice, Surface.MENTORS) == {community["dave"].pk}
    assert ItemEmbedding.objects.count() == 4


def test_profile_vectors_are_stored_with_their_hnsw_index(alice, community):
    from django.db import connection

    def index_exists() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'recs_member_embedding_hnsw'"
            )
            row = cursor.fetchone()
        return bool(row) and "hnsw" in row[0] and "vector_cosine_ops" in row[0]

    MemberEmbedding.objects.create(user=community["erin"], embedding=[0.125] * 64)
    refresh.run()  # full: the table is replaced and the index rebuilt once
    assert index_exists()
    stored = dict(MemberEmbedding.objects.values_list("user_id", "embedding"))
    assert {alice.pk, community["bob"].pk, community["dave"].pk} <= set(stored)
    assert list(stored[community["erin"].pk]) != [0.125] * 64  # replaced
    assert abs(float(sum(x * x for x in stored[alice.pk])) - 1.0) < 1e-3  # unit vectors
    before = stored[community["bob"].pk]
    f.signal(alice, community["vision"], "like", 1.0, days=0)
    services.refresh_incremental()  # incremental: upserts, the index stays
    assert index_exists()
    assert list(MemberEmbedding.objects.get(user=community["bob"]).embedding) == pytest.approx(
        list(before)
    )


def test_it_never_suggests_seen_or_own_items(alice, community):
    refresh.run()
    bob_items = _items(community["bob"])
    assert ("knowledge.resource", community["nlp"].pk) not in bob_items  # viewed and authored
    assert ("events.event", community["meetup"].pk) not in bob_items  # registered


def test_it_never_suggests_private_or_stale_items(alice, community):
    from aitalent.events.models import Event
    from aitalent.knowledge.models import Resource

    draft = f.resource(
        community["bob"], "Draft on NLP", "natural-language-processing", status="draft"
    )
    group_only = f.event(
        community["bob"], "Private NLP circle", "natural-language-processing", visibility="group"
    )
    cancelled = f.event(
        community["bob"], "Cancelled NLP talk", "natural-language-processing", status="cancelled"
    )
    past = f.event(
        community["bob"],
        "Old NLP talk",
        "natural-language-processing",
        starts_at=timezone.now() - timezone.timedelta(days=3),
    )
    refresh.run()
    hidden = {
        ("knowledge.resource", draft.pk),
        ("events.event", group_only.pk),
        ("events.event", cancelled.pk),
        ("events.event", past.pk),
    }
    for row in SuggestionList.objects.all():
        assert not hidden & {(e["type"], e["id"]) for e in row.entries}
    assert not ItemEmbedding.objects.filter(
        item_type="events.event", item_id__in=[group_only.pk, cancelled.pk, past.pk]
    ).exists()
    # Became private after the job ran: dropped when served.
    Resource.objects.filter(pk=community["nlp"].pk).update(status="draft")
    Event.objects.filter(pk=community["meetup"].pk).update(visibility="group")
    served = selectors.suggestions(user=alice, surface=Surface.FEED, limit=16) or []
    keys = {(s.item_type, s.item_id) for s in served}
    assert ("knowledge.resource", community["nlp"].pk) not in keys
    assert ("events.event", community["meetup"].pk) not in keys
    similar = selectors.similar_items(
        viewer=alice, item_type="knowledge.resource", item_id=community["torch"].pk
    )
    assert ("knowledge.resource", community["nlp"].pk) not in {
        (s.item_type, s.item_id) for s in similar
    }


def test_an_opted_out_member_is_never_suggested(alice, community):
    carol = community["carol"]
    carol.profile.in_suggestions = False
    carol.profile.save(update_fields=["in_suggestions"])
    refresh.run()
    for surface in (Surface.PEOPLE, Surface.MENTORS, Surface.COLLABORATORS):
        for row in SuggestionList.objects.filter(surface=surface):
            assert carol.pk not in {e["id"] for e in row.entries}


def test_opting_out_after_the_job_hides_the_member_when_served(alice, community):
    refresh.run()
    carol = community["carol"]
    assert carol.pk in f.ids(alice, Surface.PEOPLE)
    carol.profile.in_suggestions = False
    carol.profile.save(update_fields=["in_suggestions"])
    served = selectors.suggestions(user=alice, surface=Surface.PEOPLE) or []
    assert carol.pk not in {s.item_id for s in served}


def test_hidden_profiles_are_never_suggested(alice, community):
    community["carol"].profile.visibility = "connections"
    community["carol"].profile.save(update_fields=["visibility"])
    refresh.run()
    assert community["carol"].pk not in f.ids(alice, Surface.PEOPLE)


def test_blocked_members_never_suggest_each_other(alice, community):
    carol = community["carol"]
    Block.objects.create(blocker=carol, blocked=alice)
    refresh.run()
    for a, b in [(alice, carol), (carol, alice)]:
        for surface in (Surface.PEOPLE, Surface.MENTORS, Surface.COLLABORATORS):
            assert b.pk not in f.ids(a, surface)


def test_a_block_after_the_job_hides_the_member_when_served(alice, community):
    refresh.run()
    Block.objects.create(blocker=community["carol"], blocked=alice)
    served = selectors.suggestions(user=alice, surface=Surface.PEOPLE) or []
    assert community["carol"].pk not in {s.item_id for s in served}


def test_reasons_never_reveal_hidden_connections(alice, community):
    carol = community["carol"]
    carol.profile.connections_visibility = "private"
    carol.profile.save(update_fields=["connections_visibility"])
    refresh.run()
    entry = next(e for e in f.entries(alice, Surface.PEOPLE) if e["id"] == carol.pk)
    assert entry["reason"] != "mutual"
    assert "count" not in entry["params"]


def test_mentors_need_opt_in_capacity_and_a_level_gap(alice, community):
    dave = community["dave"]
    dave.profile.mentoring_capacity = 0
    dave.profile.save(update_fields=["mentoring_capacity"])
    refresh.run()
    assert f.ids(alice, Surface.MENTORS) == set()
    dave.profile.mentoring_capacity = 1
    dave.profile.save(update_fields=["mentoring_capacity"])
    refresh.run()
    entry = f.entries(alice, Surface.MENTORS)[0]
    assert entry["id"] == dave.pk and entry["reason"].startswith("mentor_")
    # Bob is level 4 but not open to mentoring: never a mentor suggestion.
    assert community["bob"].pk not in f.ids(alice, Surface.MENTORS)


def test_cold_start_from_profile_skills_alone(alice, community):
    refresh.run()  # fills the item catalogue
    newcomer = f.member("newbie", ("computer-vision", 1))
    assert not SuggestionList.objects.filter(user=newcomer).exists()
    services.cold_start(user=newcomer)
    feed = f.entries(newcomer, Surface.FEED)
    assert ("knowledge.resource", community["vision"].pk) in {(e["type"], e["id"]) for e in feed}
    assert feed[0]["reason"] == "topic"
    assert feed[0]["params"]["topic"]["en"] == "Computer vision"
    assert SuggestionList.objects.filter(user=newcomer, is_cold_start=True).count() == 5
    people = f.entries(newcomer, Surface.PEOPLE)
    assert people and all(e["reason"] == "skills" for e in people)


def test_a_member_without_interactions_gets_a_full_refresh_list(alice, community):
    refresh.run()
    row = SuggestionList.objects.get(user=alice, surface=Surface.FEED)
    assert row.is_cold_start  # alice has no signals yet: topics, text, popularity only
    assert row.entries


def test_dismiss_hides_now_records_a_signal_and_survives_refresh(
    alice, community, django_capture_on_commit_callbacks
):
    refresh.run()
    nlp = community["nlp"]
    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss(
            user=alice, surface=Surface.FEED, item_type="knowledge.resource", item_id=nlp.pk
        )
    assert ("knowledge.resource", nlp.pk) not in _items(alice)
    assert Interaction.objects.filter(
        actor=alice, verb="dismiss", target_type="knowledge.resource", target_id=nlp.pk
    ).exists()
    refresh.run()
    assert ("knowledge.resource", nlp.pk) not in _items(alice)
    carol = community["carol"]
    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss(
            user=alice, surface=Surface.PEOPLE, item_type="accounts.user", item_id=carol.pk
        )
    refresh.run()
    assert carol.pk not in f.ids(alice, Surface.PEOPLE)


def test_dismiss_refuses_unknown_surfaces_and_types(alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.dismiss(user=alice, surface="nope", item_type="accounts.user", item_id=1)
    assert "surface" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.dismiss(user=alice, surface="feed", item_type="nope.nope", item_id=1)
    assert "item_type" in exc.value.message_dict


def test_incremental_refresh_takes_members_with_new_activity(alice, community):
    refresh.run()
    before = SuggestionList.objects.get(user=alice, surface=Surface.FEED).computed_at
    bob_before = SuggestionList.objects.get(user=community["bob"], surface=Surface.FEED)
    f.signal(alice, community["vision"], "like", 1.0, days=0)
    run = services.refresh_incremental()
    assert run is not None and run.kind == RefreshRun.Kind.INCREMENTAL and run.members == 1
    assert SuggestionList.objects.get(user=alice, surface=Surface.FEED).computed_at > before
    assert (
        SuggestionList.objects.get(user=community["bob"], surface=Surface.FEED).computed_at
        == bob_before.computed_at
    )
    assert services.refresh_incremental() is None  # nothing new since


def test_member_data_is_exported_and_erased(alice, community):
    refresh.run()
    services.log_click(user=alice, surface="feed", item_type="knowledge.resource", item_id=1)
    data = services.export_member_data(alice)
    assert data["suggestions"]["feed"] and data["clicks"]
    carol = community["carol"]
    assert carol.pk in f.ids(alice, Surface.PEOPLE)
    services.erase_member_data(carol)
    assert carol.pk not in f.ids(alice, Surface.PEOPLE)
    services.erase_member_data(alice)
    assert not SuggestionList.objects.filter(user=alice).exists()
