from __future__ import annotations

import pytest
from django.db import connection, transaction

from aitalent.activity import services
from aitalent.activity.models import Interaction

# serialized_rollback: a transactional test flushes tables, including the migrated topics.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_records_after_commit(alice) -> None:
    target = alice.profile
    with transaction.atomic():
        services.record(actor=alice, verb="view", target=target)
        assert not Interaction.objects.exists()  # not before the action commits
    row = Interaction.objects.get()
    assert (row.verb, row.target_type, row.target_id, row.weight) == (
        "view",
        "people.profile",
        target.id,
        0.2,
    )


def test_a_rolled_back_action_leaves_no_signal(alice) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(actor=alice, verb="like", target_type="forum.post", target_id=9)
        raise RuntimeError("the action failed")
    assert not Interaction.objects.exists()


def test_it_needs_a_target(alice) -> None:
    with pytest.raises(ValueError, match="target"):
        services.record(actor=alice, verb="view")


def test_log_is_indexed_by_actor_time_and_by_target() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'activity_interaction'")
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "(actor_id, created_at DESC)" in definitions
    assert "(target_type, target_id, created_at DESC)" in definitions
