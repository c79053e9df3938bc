"""Canary crawl: a unique token inside the ground-truth file never reaches anyone.

The token sits in every row of the ground truth (an extra column) and the hidden answers are
distinctive numbers; we crawl every page, API response, member-data export, e-mail and error
message as a visitor, a participant, another member and a moderator. Private scores stay hidden
from participants until the end and appear after the reveal.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from aitalent.competitions import scoring, services, storage
from aitalent.competitions.models import Submission
from aitalent.competitions.tests.conftest import CANARY, make_competition
from aitalent.core import member_data
from aitalent.notifications import services as notification_services
from aitalent.notifications.models import Notification
from conftest import make_member

SECRET_VALUE = "987654.123"  # a hidden answer that must never be echoed


def regression_truth(n: int = 60) -> tuple[list[str], np.ndarray, bytes]:
    ids = [f"r{i}" for i in range(n)]
    y = np.round(np.linspace(1, 50, n), 3)
    y[7] = float(SECRET_VALUE)
    rows = [
        ["id", "target", "note"],
        *[[i, f"{v:.3f}", CANARY] for i, v in zip(ids, y, strict=True)],
    ]
    return ids, y, scoring.csv_bytes(rows)


def page_urls(competition: Any, submission: Submission | None) -> list[str]:
    slug = competition.slug
    urls = [
        reverse("competitions:index"),
        reverse("competitions:index") + "?state=open",
        competition.get_absolute_url(),
        reverse("competitions:leaderboard", args=[slug]),
        reverse("competitions:leaderboard", args=[slug]) + "?private=1",
        reverse("competitions:leaderboard", args=[slug]) + "?format=csv",
        reverse("competitions:leaderboard", args=[slug]) + "?private=1&format=csv",
        reverse("competitions:submissions", args=[slug]),
        reverse("competitions:team", args=[slug]),
        reverse("competitions:host", args=[slug]),
        reverse("competitions:edit", args=[slug]),
        reverse("people:profile", args=["alice"]),
        reverse("notifications:index") if _has_url("notifications:index") else "/",
    ]
    urls += [reverse("competitions:file", args=[slug, f.pk]) for f in competition.files.all()]
    if submission is not None:
        urls.append(reverse("competitions:submission-row", args=[submission.public_id]))
    return urls


def api_urls(competition: Any, submission: Submission | None) -> list[str]:
    slug = competition.slug
    urls = [
        reverse("competitions-api:competition-list"),
        reverse("competitions-api:competition-detail", args=[slug]),
        reverse("competitions-api:file-list", args=[slug]),
        reverse("competitions-api:submission-list", args=[slug]),
        reverse("competitions-api:leaderboard", args=[slug]),
        reverse("competitions-api:leaderboard", args=[slug]) + "?private=1",
        reverse("competitions-api:team", args=[slug]),
        "/api/schema/" if False else reverse("competitions-api:competition-list") + "?q=digits",
    ]
    urls += [
        reverse("competitions-api:file-download", args=[slug, f.pk])
        for f in competition.files.all()
    ]
    if submission is not None:
        urls.append(reverse("competitions-api:submission-detail", args=[submission.public_id]))
    return urls


def _has_url(name: str) -> bool:
    try:
        reverse(name)
    except Exception:  # noqa: BLE001
        return False
    return True


def body(response: Any) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def crawl(user: Any, competition: Any, submission: Submission | None) -> str:
    client, api = Client(), APIClient()
    if user is not None:
        client.force_login(user)
        api.force_authenticate(user)
    seen = []
    for url in page_urls(competition, submission):
        seen.append(body(client.get(url)))
        seen.append(body(client.get(url, HTTP_HX_REQUEST="true")))
    for url in api_urls(competition, submission):
        seen.append(body(api.get(url)))
    if user is not None:
        seen.append(json.dumps(member_data.export_all(user), default=str))
    return "\n".join(seen)


@pytest.mark.django_db
def test_the_ground_truth_canary_never_leaks(hank, alice, mallory) -> None:
    moderator = make_member("mod@example.com", "mod", "Moderator", staff=True)
    competition = make_competition(hank, metric="rmse")
    ids, y, truth = regression_truth()
    services.set_ground_truth(competition=competition, by=hank, content=truth)
    services.join(competition=competition, user=alice, accept_rules=True)

    def submit(content: bytes) -> Submission:
        submission = services.submit(competition=competition, user=alice, content=content)
        services.score_submission(submission_id=submission.pk)
        submission.refresh_from_db()
        return submission

    good = submit(scoring.csv_bytes([["id", "target"], *[[i, 1.0] for i in ids]]))
    assert good.status == "scored"
    # every kind of failure message, each built from the participant's own file
    failures = [
        scoring.csv_bytes([["id", "target"], *[[i, 1.0] for i in ids[:-2]]]),  # missing ids
        scoring.csv_bytes([["id", "target"], ["zzz", 1], *[[i, 1.0] for i in ids[1:]]]),
        scoring.csv_bytes([["id", "target"], *[[i, "abc"] for i in ids]]),
        scoring.csv_bytes([["id", "target"], *[[i, "nan"] for i in ids]]),
        scoring.csv_bytes([["id", "target"], [ids[0], 1], *[[i, 1.0] for i in ids]]),
        b"id,target\n" + "r0,1\n".encode("utf-16"),
    ]
    sync_errors = []
    for content in failures:
        try:
            failed = submit(content)
        except ValidationError as exc:  # refused before queueing: the message is the answer
            sync_errors.append(str(exc))
            continue
        assert failed.status == "failed" and failed.error
    assert len(sync_errors) == 1 and CANARY not in sync_errors[0]
    # the host's own checks and error pages
    client = Client()
    client.force_login(hank)
    bad_truth = SimpleUploadedFile("t.csv", truth.replace(b"r3,", b"r2,", 1), "text/csv")
    response = client.post(
        reverse("competitions:host", args=[competition.slug]),
        {"action": "truth", "truth": bad_truth},
    )
    assert CANARY not in body(response)

    # e-mails: deliver every notification that was created
    for notification_id in Notification.objects.values_list("id", flat=True):
        notification_services.send_instant_email(notification_id=notification_id)

    people = [
        ("visitor", None),
        ("participant", alice),
        ("member", mallory),
        ("moderator", moderator),
        ("host", hank),
    ]
    before_end = {who: crawl(user, competition, good) for who, user in people}
    for who, text in before_end.items():
        assert CANARY not in text, who
        assert SECRET_VALUE not in text, who
    private = f"{good.private_score:.5f}"
    for who in ("visitor", "participant", "member"):
        assert private not in before_end[who], f"private score visible to {who} before the end"
    assert private in before_end["host"]

    services.end_competition(competition=competition, by=hank)
    for notification_id in Notification.objects.values_list("id", flat=True):
        notification_services.send_instant_email(notification_id=notification_id)
    after = crawl(alice, competition, good)
    assert CANARY not in after and SECRET_VALUE not in after
    assert private in after  # revealed
    for message in mail.outbox:
        text = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert CANARY not in text and SECRET_VALUE not in text
    # and the file on disk is outside MEDIA_ROOT
    from django.conf import settings

    assert not str(storage.path(competition.truth_name)).startswith(str(settings.MEDIA_ROOT))
