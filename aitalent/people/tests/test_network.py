"""Connections, follows, blocks, reports and endorsements: services, pages and API."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from aitalent.core.models import Topic
from aitalent.people import evidence, selectors, services
from aitalent.people.models import Block, Connection, ConnectionRequest, Endorsement, Follow, Report
from aitalent.people.tests.factories import connect, member, skill

pytestmark = pytest.mark.django_db


def test_it_connects_through_request_and_accept(client, alice, mallory) -> None:
    client.force_login(mallory)
    response = client.post(reverse("people:connect", args=["alice"]), {"note": "Hi from NLP"})
    assert response.status_code == 302
    request = ConnectionRequest.objects.get(from_user=mallory, to_user=alice)
    assert request.note == "Hi from NLP" and request.status == "pending"
    client.force_login(alice)
    page = client.get(reverse("people:requests"))
    assert "Hi from NLP" in page.content.decode()
    client.post(reverse("people:request-answer", args=[request.id, "accept"]))
    assert selectors.are_connected(alice.id, mallory.id)
    assert selectors.are_connected(mallory.id, alice.id)


def test_it_notifies_request_and_acceptance(alice, mallory, django_capture_on_commit_callbacks):
    with mock.patch("aitalent.notifications.services.notify") as notify:
        with django_capture_on_commit_callbacks(execute=True):
            request = services.request_connection(from_user=mallory, to_user=alice, note="hi")
        with django_capture_on_commit_callbacks(execute=True):
            services.accept_request(request=request, by=alice)
    verbs = [call.kwargs["verb"] for call in notify.call_args_list]
    assert verbs == ["people.connection_requested", "people.connection_accepted"]
    assert notify.call_args_list[0].kwargs["recipients"] == [alice]
    assert notify.call_args_list[1].kwargs["recipients"] == [mallory]


def test_mutual_request_connects_at_once(alice, mallory) -> None:
    services.request_connection(from_user=alice, to_user=mallory)
    result = services.request_connection(from_user=mallory, to_user=alice)
    assert result.status == "accepted"
    assert Connection.objects.count() == 2


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_only_the_invited_member_answers(alice, mallory, olivia, action) -> None:
    request = services.request_connection(from_user=mallory, to_user=alice)
    answer = getattr(services, f"{action}_request")
    with pytest.raises(PermissionDenied):
        answer(request=request, by=mallory)
    with pytest.raises(PermissionDenied):
        answer(request=request, by=olivia)
    answer(request=request, by=alice)
    with pytest.raises(ValidationError):  # answered once only
        answer(request=request, by=alice)


def test_withdraw_and_strangers_get_404(client, alice, mallory, olivia) -> None:
    request = services.request_connection(from_user=mallory, to_user=alice)
    client.force_login(olivia)
    url = reverse("people:request-answer", args=[request.id, "accept"])
    assert client.post(url).status_code == 404
    client.force_login(mallory)
    client.post(reverse("people:request-answer", args=[request.id, "withdraw"]))
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_request_rules(alice, mallory) -> None:
    with pytest.raises(ValidationError):
        services.request_connection(from_user=alice, to_user=alice)
    services.request_connection(from_user=alice, to_user=mallory)
    with pytest.raises(ValidationError):
        services.request_connection(from_user=alice, to_user=mallory)
    services.block_member(blocker=mallory, blocked=alice)
    assert not ConnectionRequest.objects.filter(status="pending").exists()
    with pytest.raises(ValidationError):
        services.request_connection(from_user=alice, to_user=mallory)


def test_connect_requires_login_and_post(client, alice) -> None:
    url = reverse("people:connect", args=["alice"])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(alice)
    assert client.get(url).status_code == 405


def test_block_ends_everything_both_ways(client, alice, mallory) -> None:
    connect(alice, mallory)
    services.follow_member(follower=mallory, followee=alice)
    client.force_login(alice)
    client.post(reverse("people:block", args=["mallory"]))
    assert Block.objects.filter(blocker=alice, blocked=mallory).exists()
    assert not Connection.objects.exists() and not Follow.objects.exists()
    assert client.get(reverse("people:profile", args=["mallory"])).status_code == 404
    client.force_login(mallory)
    assert client.get(reverse("people:profile", args=["alice"])).status_code == 404
    assert selectors.may_message(sender=mallory, recipient=alice) is False
    # unblocking from the privacy page
    client.force_login(alice)
    client.post(reverse("people:block", args=["mallory"]), {"unblock": "1"})
    assert not Block.objects.exists()


def test_report_goes_to_staff(client, alice, mallory, olivia, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with (
        mock.patch("aitalent.notifications.services.notify") as notify,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("people:report", args=["mallory"]), {"reason": "spam", "detail": "ads"}
        )
    assert response.status_code == 302
    assert Report.objects.get().reported == mallory
    assert notify.call_args.kwargs["recipients"] == [olivia]
    assert (
        client.post(reverse("people:report", args=["mallory"]), {"reason": "nope"}).status_code
        == 200
    )
    assert Report.objects.count() == 1


def test_follow_members_and_topics(client, alice, mallory) -> None:
    client.force_login(mallory)
    client.post(reverse("people:follow", args=["alice"]))
    assert Follow.objects.filter(follower=mallory, followee=alice).exists()
    response = client.post(
        reverse("people:follow", args=["alice"]), {"unfollow": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "profile-actions-inner" in response.content.decode()
    assert not Follow.objects.exists()
    client.post(reverse("people:topic-follow", args=["healthcare"]))
    assert Follow.objects.filter(follower=mallory, topic__slug="healthcare").exists()
    with pytest.raises(ValidationError):
        services.follow_member(follower=alice, followee=alice)


def test_endorsement_rules_and_evidenced_level(alice, mallory, olivia) -> None:
    pytorch = skill(alice, "pytorch", 4)
    with pytest.raises(PermissionDenied):  # not a connection
        services.endorse_skill(endorser=mallory, skill=pytorch)
    connect(alice, mallory)
    with pytest.raises(ValidationError):
        services.endorse_skill(endorser=alice, skill=pytorch)
    endorsement = services.endorse_skill(endorser=mallory, skill=pytorch, context="paper X")
    with pytest.raises(ValidationError):
        services.endorse_skill(endorser=mallory, skill=pytorch)
    pytorch.refresh_from_db()
    assert pytorch.evidenced_level == 1 and pytorch.evidence_score == 1.0
    # An endorser with evidence of their own weighs more.
    mine = skill(olivia, "pytorch", 5)
    type(mine).objects.filter(pk=mine.pk).update(evidenced_level=4)
    connect(alice, olivia)
    services.endorse_skill(endorser=olivia, skill=pytorch)
    pytorch.refresh_from_db()
    assert pytorch.evidence_score == 1.0 + 3.0 and pytorch.evidenced_level == 2
    # Hiding removes it from the evidence; only the owner can hide.
    with pytest.raises(PermissionDenied):
        services.set_endorsement_hidden(endorsement=endorsement, by=mallory, hidden=True)
    services.set_endorsement_hidden(endorsement=endorsement, by=alice, hidden=True)
    pytorch.refresh_from_db()
    assert pytorch.evidence_score == 3.0


def test_evidence_registry_accepts_other_sources(alice) -> None:
    pytorch = skill(alice)

    def medals(skills):
        return {s.id: [evidence.Evidence("medal", "Gold medal", 6.0)] for s in skills}

    evidence.register_source("test-medals", medals)
    try:
        evidence.refresh([pytorch])
        pytorch.refresh_from_db()
        assert pytorch.evidenced_level == 3
    finally:
        evidence._sources.pop("test-medals")


def test_profile_shows_both_levels_and_evidence(client, alice, mallory) -> None:
    pytorch = skill(alice, "pytorch", 4)
    connect(alice, mallory)
    client.force_login(mallory)
    client.post(
        reverse("people:endorse", args=["alice", "pytorch"]), {"context": "Worked on the OCR"}
    )
    assert Endorsement.objects.filter(skill=pytorch).exists()
    body = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert "Evidenced" in body and "1/5" in body and "Worked on the OCR" in body
    assert "You endorsed this skill." in body
    client.force_login(alice)
    endorsement = Endorsement.objects.get()
    client.post(reverse("people:endorsement-manage", args=[endorsement.id, "hide"]))
    endorsement.refresh_from_db()
    assert endorsement.is_hidden
    client.force_login(mallory)
    assert (
        "Worked on the OCR"
        not in client.get(reverse("people:profile", args=["alice"])).content.decode()
    )


def test_strangers_cannot_manage_endorsements(client, alice, mallory, olivia) -> None:
    connect(alice, mallory)
    endorsement = services.endorse_skill(endorser=mallory, skill=skill(alice))
    client.force_login(olivia)
    url = reverse("people:endorsement-manage", args=[endorsement.id, "hide"])
    assert client.post(url).status_code == 404
    client.force_login(mallory)  # the endorser may withdraw but not hide
    assert client.post(url).status_code == 403


def test_profile_shows_degree_and_mutual_connections(client, alice, mallory) -> None:
    carol = member("carol")
    connect(alice, carol)
    connect(mallory, carol)
    client.force_login(mallory)
    body = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert "2nd degree" in body and "1 mutual connection" in body and "Carol" in body
    relation = selectors.relation_between(viewer=mallory, owner=alice, detail=True)
    assert relation.degree == 2 and relation.mutual_count == 1


def test_profile_page_query_budget(client, alice, mallory, django_assert_max_num_queries) -> None:
    for slug in ["pytorch", "transformers", "python"]:
        skill(alice, slug, 4)
    alice.profile.domains.set(Topic.objects.filter(kind="domain")[:3])
    connect(alice, mallory)
    client.force_login(mallory)
    client.get(reverse("people:profile", args=["alice"]))
    # 24 for the profile itself, plus one or two per pillar section (competitions, projects,
    # courses, recommendations); none grows with the member's data.
    with django_assert_max_num_queries(32):
        response = client.get(reverse("people:profile", args=["alice"]))
    assert response.status_code == 200
