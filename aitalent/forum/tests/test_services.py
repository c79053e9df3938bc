from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from aitalent.activity import reputation
from aitalent.activity.models import ReputationEvent
from aitalent.forum import services
from aitalent.forum.models import Post, PostRevision, Thread, Vote
from aitalent.forum.tests.factories import category, question
from aitalent.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_ask_answer_accept_and_reputation(
    alice, mallory, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        thread = question(alice)
        answer = services.reply(
            thread=thread, author=mallory, body="Use recall@k and faithfulness."
        )
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.category.thread_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(post=answer, by=alice)
    thread.refresh_from_db()
    assert thread.accepted_post == answer and thread.is_solved
    assert reputation.total(user=mallory) == 15 and reputation.total(user=alice) == 2
    assert Notification.objects.filter(recipient=mallory, verb="forum.answer_accepted").exists()
    # the asker watches the thread by default, so the reply notified her
    assert Notification.objects.filter(recipient=alice, verb="forum.replied").exists()


def test_only_the_asker_or_a_moderator_accepts(alice, mallory, olivia) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=olivia, body="An answer with detail.")
    with pytest.raises(PermissionDenied):
        services.accept_answer(post=answer, by=mallory)
    services.accept_answer(post=answer, by=olivia)  # staff moderates; but gets no accept points
    assert Post.objects.get(pk=answer.pk).is_accepted


def test_accepting_another_answer_moves_the_mark_and_points(alice, mallory, olivia) -> None:
    thread = question(alice)
    first = services.reply(thread=thread, author=mallory, body="First answer here.")
    second = services.reply(thread=thread, author=olivia, body="Second answer here.")
    services.accept_answer(post=first, by=alice)
    services.accept_answer(post=second, by=alice)
    assert list(Post.objects.filter(is_accepted=True)) == [second]
    assert reputation.total(user=mallory) == 0 and reputation.total(user=olivia) == 15


def test_votes_one_per_member_changeable_no_self_votes(alice, mallory, olivia) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=mallory, body="An answer worth votes.")
    services.vote(post=answer, voter=alice, value=1)
    services.vote(post=answer, voter=alice, value=1)
    assert Post.objects.get(pk=answer.pk).score == 1
    assert reputation.total(user=mallory) == 10
    services.vote(post=answer, voter=alice, value=0)
    assert Post.objects.get(pk=answer.pk).score == 0 and reputation.total(user=mallory) == 0
    with pytest.raises(PermissionDenied):
        services.vote(post=answer, voter=mallory, value=1)
    with pytest.raises(ValidationError):
        services.vote(post=answer, voter=alice, value=5)


def test_downvotes_need_reputation(alice, mallory, olivia) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=mallory, body="A weak answer.")
    with pytest.raises(PermissionDenied, match="reputation"):
        services.vote(post=answer, voter=alice, value=-1)
    services.vote(post=answer, voter=olivia, value=-1)  # staff may
    assert Post.objects.get(pk=answer.pk).score == -1
    assert reputation.total(user=mallory) == -2


def test_question_votes_update_the_thread_score(alice, mallory) -> None:
    thread = question(alice)
    opening = thread.posts.get(is_opening=True)
    services.vote(post=opening, voter=mallory, value=1)
    assert Thread.objects.get(pk=thread.pk).score == 1
    assert reputation.total(user=alice) == 5


def test_daily_cap_on_vote_points(alice, mallory) -> None:
    for i in range(25):
        reputation.award(
            user=alice, reason="answer_upvoted", category="discussion", source=f"test-{i}"
        )
    assert reputation.total(user=alice) == reputation.DAILY_CAP


def test_locked_and_closed_threads_refuse_replies(alice, mallory, olivia) -> None:
    thread = question(alice)
    services.moderate_thread(thread=thread, by=olivia, action="lock")
    with pytest.raises(PermissionDenied):
        services.reply(thread=thread, author=mallory, body="Too late to answer.")
    services.moderate_thread(thread=thread, by=olivia, action="unlock")
    other = question(mallory, title="The same question asked earlier")
    services.moderate_thread(thread=thread, by=olivia, action="duplicate", duplicate_of=other)
    with pytest.raises(PermissionDenied):
        services.reply(thread=thread, author=mallory, body="Answering a duplicate.")
    with pytest.raises(PermissionDenied):
        services.moderate_thread(thread=thread, by=mallory, action="pin")


def test_edits_keep_history(alice, mallory) -> None:
    thread = question(alice)
    opening = thread.posts.get(is_opening=True)
    services.edit_post(post=opening, editor=alice, body="A clearer version of the question.")
    assert PostRevision.objects.get().body.startswith("I have 200")
    with pytest.raises(PermissionDenied):
        services.edit_post(post=opening, editor=mallory, body="Vandalism")


def test_mentions_notify_once(alice, mallory, olivia, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question(alice, body="Any idea @mallory and @Olivia? cc @mallory, not an@email.com")
    mentioned = set(
        Notification.objects.filter(verb="forum.mentioned").values_list(
            "recipient__handle", flat=True
        )
    )
    assert mentioned == {"mallory", "olivia"}


def test_bad_input_names_the_field_and_saves_nothing(alice) -> None:
    cat = category()
    with pytest.raises(ValidationError) as excinfo:
        services.create_thread(author=alice, category=cat, title="short", body="text")
    assert "title" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.create_thread(author=alice, category=cat, title="A long enough title", body="")
    assert "body" in excinfo.value.message_dict
    assert not Thread.objects.exists()


def test_context_threads_are_one_per_object(alice) -> None:
    from aitalent.core.models import Topic

    topic = Topic.objects.get(slug="pytorch")
    first = services.get_or_create_context_thread(target=topic, title="PyTorch")
    second = services.get_or_create_context_thread(target=topic, title="PyTorch")
    assert first == second and first.context_type == "core.topic"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_votes_from_one_member_count_once(alice, mallory) -> None:
    thread = question(alice)
    answer = services.reply(thread=thread, author=mallory, body="An answer to race on.")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def cast() -> None:
        try:
            barrier.wait()
            services.vote(post=answer, voter=alice, value=1)
        except BaseException as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=cast) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert Vote.objects.filter(post=answer).count() == 1
    assert Post.objects.get(pk=answer.pk).score == 1
    assert ReputationEvent.objects.filter(user=mallory).count() == 1


def test_accepted_answers_are_evidence_for_skill_levels(
    alice, mallory, django_capture_on_commit_callbacks
) -> None:
    from aitalent.core.models import Topic
    from aitalent.people.models import ProfileSkill

    topic = Topic.objects.get(slug="pytorch")
    skill = ProfileSkill.objects.create(profile=alice.profile, topic=topic, level=3)
    thread = question(mallory, topics=[topic])
    answer = services.reply(thread=thread, author=alice, body="Use torch.compile here.")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(post=answer, by=mallory)
    skill.refresh_from_db()
    assert skill.evidenced_level == 1 and skill.evidence_score == 1.5


def test_first_day_members_post_at_most_two_links(alice, mallory) -> None:
    from django.utils import timezone

    thread = question(alice)
    mallory.date_joined = timezone.now()
    mallory.save()
    links = "See https://a.example, https://b.example and www.c.example"
    with pytest.raises(ValidationError) as excinfo:
        services.reply(thread=thread, author=mallory, body=links)
    assert "body" in excinfo.value.message_dict
    services.reply(thread=thread, author=mallory, body="Only https://a.example here")
    alice.date_joined = timezone.now() - timezone.timedelta(days=30)
    alice.save()
    services.reply(thread=thread, author=alice, body=links)  # an older member may


def test_profile_shows_reputation_tiers(client, alice, mallory) -> None:
    thread = question(mallory)
    answer = services.reply(thread=thread, author=alice, body="A solid answer.")
    services.accept_answer(post=answer, by=mallory)
    body = client.get(f"/people/{alice.handle}/").content.decode()
    assert "Reputation" in body and "15" in body and "Novice" in body
