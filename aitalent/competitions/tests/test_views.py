from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from aitalent.competitions import services
from aitalent.competitions.models import Competition, Participant, Submission
from aitalent.competitions.tests.conftest import (
    answers,
    make_competition,
    score_now,
    submission_csv,
    submit,
    truth_csv,
    truth_rows,
)
from conftest import make_member


def test_list_filters_and_empty_state(client, competition, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(12):
        response = client.get(reverse("competitions:index"))
    assertContains(response, competition.title)
    assertContains(
        client.get(reverse("competitions:index") + "?state=closed"), "No competitions match"
    )
    assertContains(client.get(reverse("competitions:index") + "?state=open"), competition.title)


def test_drafts_are_hidden_from_everyone_but_the_host(client, hank, alice) -> None:
    draft = make_competition(hank, publish=False, title="Secret draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assertNotContains(client.get(reverse("competitions:index")), "Secret draft")
    client.force_login(alice)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(hank)
    assertContains(client.get(draft.get_absolute_url()), "Draft")


def test_detail_page_asks_to_accept_rules_and_hides_data(client, competition, alice) -> None:
    response = client.get(competition.get_absolute_url())
    assertContains(response, "Log in to join")
    assertNotContains(response, "test.csv")
    client.force_login(alice)
    response = client.get(competition.get_absolute_url())
    assertContains(response, "I have read and accept the rules")
    file_id = competition.files.get().pk
    assert (
        client.get(reverse("competitions:file", args=[competition.slug, file_id])).status_code
        == 404
    )


def test_join_without_accepting_is_refused_then_join_and_download(
    client, competition, alice
) -> None:
    client.force_login(alice)
    url = reverse("competitions:join", args=[competition.slug])
    client.post(url, {})
    assert not Participant.objects.exists()
    response = client.post(url, {"accept_rules": "on"})
    assertRedirects(
        response, competition.get_absolute_url() + "#data", fetch_redirect_response=False
    )
    file_id = competition.files.get().pk
    download = client.get(reverse("competitions:file", args=[competition.slug, file_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"id\nt0\n")


def test_join_needs_login_and_post(client, competition, alice) -> None:
    url = reverse("competitions:join", args=[competition.slug])
    assert client.post(url, {"accept_rules": "on"}).status_code == 302  # to login
    client.force_login(alice)
    assert client.get(url).status_code == 405


def test_upload_page_submits_and_shows_status(
    client, competition, alice, django_assert_max_num_queries
) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    client.force_login(alice)
    url = reverse("competitions:submissions", args=[competition.slug])
    upload = SimpleUploadedFile("p.csv", submission_csv(*answers(competition)), "text/csv")
    response = client.post(url, {"file": upload, "description": "first"})
    assertRedirects(response, url)
    submission = Submission.objects.get()
    page = client.get(url)
    assertContains(page, 'hx-trigger="every 2s"')  # polling while queued
    score_now(submission)
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assertContains(page, "1.00000")
    assertNotContains(page, 'hx-trigger="every 2s"')
    row = client.get(
        reverse("competitions:submission-row", args=[submission.public_id]), HTTP_HX_REQUEST="true"
    )
    assertContains(row, "Scored")


def test_upload_with_a_wrong_header_names_the_fix(client, competition, alice) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    client.force_login(alice)
    url = reverse("competitions:submissions", args=[competition.slug])
    upload = SimpleUploadedFile("p.csv", b"identifier,guess\nt0,1\n", "text/csv")
    response = client.post(url, {"file": upload}, follow=True)
    assertContains(response, "The header must be exactly: id,target")
    assert not Submission.objects.exists()


def test_strangers_cannot_see_others_submissions(client, competition, alice, mallory) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    submission = submit(competition, alice)
    client.force_login(mallory)
    assert (
        client.get(reverse("competitions:submission-row", args=[submission.public_id])).status_code
        == 404
    )
    response = client.get(reverse("competitions:submissions", args=[competition.slug]))
    assertNotContains(response, str(submission.public_id))
    assert client.get(reverse("competitions:team", args=[competition.slug])).status_code == 302
    assert client.get(reverse("competitions:host", args=[competition.slug])).status_code == 404


def test_leaderboard_public_private_and_csv(
    client, competition, alice, hank, django_assert_max_num_queries
) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    score_now(submit(competition, alice, accuracy=0.8))
    url = reverse("competitions:leaderboard", args=[competition.slug])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assertContains(response, "alice")
    assertNotContains(response, 'id="private-tab"')
    private = client.get(url + "?private=1")
    assert private.context["private"] is False  # falls back to the public board
    csv_response = client.get(url + "?format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert b"rank,team,members,score" in csv_response.content
    client.force_login(hank)
    assertContains(client.get(url + "?private=1"), "Only you (host or staff)")
    services.end_competition(competition=competition, by=hank)
    client.logout()
    response = client.get(url + "?private=1")
    assert response.context["private"] is True
    assertContains(response, "Gold")


def test_team_page_invite_and_accept(client, competition, alice, bob) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    services.join(competition=competition, user=bob, accept_rules=True)
    client.force_login(alice)
    url = reverse("competitions:team", args=[competition.slug])
    client.post(url, {"action": "invite", "handle": "nobody"})
    client.post(url, {"action": "invite", "handle": "bob"})
    client.force_login(bob)
    page = client.get(url)
    assertContains(page, "invites you to join")
    request_id = page.context["incoming"][0].pk
    client.post(url, {"action": "accept", "request_id": request_id})
    assert Participant.objects.get(user=bob).team.name == "alice"


def test_host_creates_uploads_truth_and_publishes(client, hank, alice) -> None:
    client.force_login(alice)
    assert client.get(reverse("competitions:create")).status_code == 403
    client.force_login(hank)
    data = {
        "title": "Iris",
        "overview": "Flowers",
        "rules": "Fair play",
        "starts_at": "2026-01-01T00:00",
        "entry_deadline_at": "2030-01-01T00:00",
        "ends_at": "2030-02-01T00:00",
        "visibility": "public",
        "metric": "accuracy",
        "k": 10,
        "id_column": "id",
        "target_column": "target",
        "public_fraction": 0.3,
        "score_precision": 4,
        "daily_limit": 5,
        "max_team_size": 3,
    }
    bad = client.post(reverse("competitions:create"), {**data, "ends_at": "2025-01-01T00:00"})
    assertContains(bad, "The end must be after the start.")
    response = client.post(reverse("competitions:create"), data)
    competition = Competition.objects.get(title="Iris")
    host_url = reverse("competitions:host", args=[competition.slug])
    assertRedirects(response, host_url)
    response = client.post(host_url, {"action": "publish"}, follow=True)
    assertContains(response, "Upload the ground truth before publishing.")
    truth = SimpleUploadedFile("t.csv", truth_csv(*truth_rows(50)), "text/csv")
    client.post(host_url, {"action": "truth", "truth": truth})
    client.post(host_url, {"action": "publish"})
    competition.refresh_from_db()
    assert competition.is_published and competition.truth_rows == 50


def test_profile_shows_competitions_with_medals(client, competition, alice, hank) -> None:
    services.join(competition=competition, user=alice, accept_rules=True)
    score_now(submit(competition, alice))
    services.end_competition(competition=competition, by=hank)
    response = client.get(reverse("people:profile", args=["alice"]))
    assertContains(response, 'id="profile-competitions"')
    assertContains(response, competition.title)
    assertContains(response, "Gold")


def test_other_members_profile_without_competitions(client, db) -> None:
    make_member("zed@example.com", "zed", "Zed")
    assertNotContains(
        client.get(reverse("people:profile", args=["zed"])), 'id="profile-competitions"'
    )


def test_deadline_and_topic_filters(client, hank) -> None:
    soon = make_competition(hank, title="Ends soon", ends_in_days=3)
    later = make_competition(hank, title="Ends later", ends_in_days=60)
    response = client.get(reverse("competitions:index") + "?within=7")
    assertContains(response, soon.title)
    assertNotContains(response, later.title)
    assertContains(
        client.get(reverse("competitions:index") + "?within=30&q=later"), "No competitions match"
    )
