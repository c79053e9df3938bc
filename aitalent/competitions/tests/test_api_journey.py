"""Done means, through the API: join digits, download, train with sklearn, submit, poll, merge,
select finals, the host ends, the private leaderboard — scored by a real worker."""

from __future__ import annotations

import csv
import io
import threading
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app
from rest_framework.test import APIClient

from aitalent.competitions import seed, services
from conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker(queues: list[str] | None = None) -> None:
    """A real procrastinate worker until the queue is empty, in its own thread and loop."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    queues=queues or ["scoring"],
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                )
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "worker did not finish"
    if errors:
        raise errors[0]


def token_client(email: str) -> APIClient:
    client = APIClient()
    response = client.post(
        reverse("accounts-api:auth-token"),
        {"email": email, "password": "correct horse battery"},
        format="json",
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def digits_host() -> Any:
    host = services.grant_host_permission(user=make_member("hank@example.com", "hank", "Hank Host"))
    now = timezone.now()
    competition, _ = seed.create_competition(
        "digits",
        host=host,
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=20),
        slug="digits",
    )
    return host, competition


def download(client: APIClient, slug: str) -> dict[str, bytes]:
    files = client.get(reverse("competitions-api:file-list", args=[slug])).json()
    found = {}
    for item in files:
        response = client.get(item["download_url"])
        assert response.status_code == 200
        found[item["name"]] = b"".join(response.streaming_content)
    return found


def train_and_predict(files: dict[str, bytes]) -> bytes:
    """What a participant writes: a few lines of scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    train, test = rows_of(files["train.csv"]), rows_of(files["test.csv"])
    features = [c for c in train[0] if c.startswith("pixel")]
    x = np.array([[float(r[c]) for c in features] for r in train])
    y = np.array([int(r["label"]) for r in train])
    model = LogisticRegression(max_iter=2000).fit(x, y)
    predicted = model.predict(np.array([[float(r[c]) for c in features] for r in test]))
    lines = ["id,label", *[f"{r['id']},{p}" for r, p in zip(test, predicted, strict=True)]]
    return ("\n".join(lines) + "\n").encode()


def submit(client: APIClient, slug: str, content: bytes) -> dict[str, Any]:
    response = client.post(
        reverse("competitions-api:submission-list", args=[slug]),
        {"file": io.BytesIO(content), "description": "logistic regression"},
        format="multipart",
    )
    assert response.status_code == 202, response.content
    return response.json()


def test_a_participant_script_joins_submits_merges_and_sees_the_private_leaderboard() -> None:
    host, competition = digits_host()
    make_member("alice@example.com", "alice", "Alice Liddell")
    make_member("bob@example.com", "bob", "Bob Builder")
    alice, bob = token_client("alice@example.com"), token_client("bob@example.com")
    slug = competition.slug

    listed = alice.get(reverse("competitions-api:competition-list")).json()["results"]
    assert [c["slug"] for c in listed] == ["digits"]
    detail = alice.get(reverse("competitions-api:competition-detail", args=[slug])).json()
    assert detail["expected_columns"] == ["id", "label"] and detail["metric"] == "accuracy"

    # data only after accepting the rules
    assert alice.get(reverse("competitions-api:file-list", args=[slug])).status_code == 404
    refused = alice.post(reverse("competitions-api:join", args=[slug]), {"accept_rules": False})
    assert refused.status_code == 400 and "accept_rules" in refused.json()["error"]["fields"]
    joined = alice.post(reverse("competitions-api:join", args=[slug]), {"accept_rules": True})
    assert joined.status_code == 201 and joined.json()["team"]["name"] == "alice"
    files = download(alice, slug)
    assert set(files) == {"train.csv", "test.csv", "sample_submission.csv"}

    predictions = train_and_predict(files)
    queued = submit(alice, slug, predictions)
    assert queued["status"] == "queued" and queued["private_score"] is None
    run_worker()
    status = alice.get(reverse("competitions-api:submission-detail", args=[queued["id"]])).json()
    assert status["status"] == "scored"
    assert status["public_score"] > 0.9 and status["private_score"] is None

    # a malformed file ends failed with the message shown to the participant
    broken = submit(alice, slug, predictions.replace(b"\n", b"\nnot-an-id,3\n", 1))
    run_worker()
    failed = alice.get(reverse("competitions-api:submission-detail", args=[broken["id"]])).json()
    assert failed["status"] == "failed"
    assert failed["error"].startswith("Row 2: id 'not-an-id' is not in the test set")

    # bob joins, submits, and accepts alice's invitation: one team, both members
    bob.post(reverse("competitions-api:join", args=[slug]), {"accept_rules": True})
    submit(bob, slug, predictions)
    run_worker()
    invite = alice.post(reverse("competitions-api:team-merge", args=[slug]), {"handle": "bob"})
    assert invite.status_code == 201, invite.content
    incoming = bob.get(reverse("competitions-api:team", args=[slug])).json()["incoming"]
    assert [r["id"] for r in incoming] == [invite.json()["id"]]
    accepted = bob.post(
        reverse("competitions-api:merge-respond", args=[slug, incoming[0]["id"]]), {"accept": True}
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    board = alice.get(reverse("competitions-api:leaderboard", args=[slug])).json()
    assert len(board) == 1 and sorted(board[0]["members"]) == ["alice", "bob"]

    # finals, then the private leaderboard stays hidden until the host ends
    finals = alice.post(
        reverse("competitions-api:finals", args=[slug]),
        {"submissions": [queued["id"]]},
        format="json",
    )
    assert finals.status_code == 200 and finals.json()[0]["is_final"] is True
    private_url = reverse("competitions-api:leaderboard", args=[slug]) + "?private=1"
    assert alice.get(private_url).status_code == 404
    assert alice.post(reverse("competitions-api:end", args=[slug])).status_code == 404
    host_client = token_client("hank@example.com")
    assert host_client.post(reverse("competitions-api:end", args=[slug])).status_code == 200

    private = alice.get(private_url).json()
    assert private[0]["team"] == "alice" and private[0]["medal"] == "gold"
    assert private[0]["public_rank"] == 1
    revealed = alice.get(reverse("competitions-api:submission-detail", args=[queued["id"]])).json()
    assert revealed["private_score"] is not None


def test_api_refuses_anonymous_writes_and_strangers(mallory) -> None:
    _, competition = digits_host()
    anonymous = APIClient()
    url = reverse("competitions-api:submission-list", args=[competition.slug])
    assert anonymous.post(url, {"file": io.BytesIO(b"id,label\n")}).status_code in (401, 403)
    stranger = APIClient()
    stranger.force_authenticate(mallory)
    response = stranger.post(url, {"file": io.BytesIO(b"id,label\nx,1\n")}, format="multipart")
    assert response.status_code == 403
    assert "Join the competition first" in response.json()["error"]["message"]
    assert (
        stranger.get(reverse("competitions-api:submission-detail", args=["nope"])).status_code
        == 404
    )
