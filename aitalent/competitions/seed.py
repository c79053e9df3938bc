"""Demo competitions from data sets that ship inside scikit-learn, with real model submissions.

digits → accuracy (open), breast cancer → ROC AUC (open), diabetes → RMSE (finished, private
leaderboard revealed). Every leaderboard row is a real scikit-learn model's predictions, scored
by the same code path as a participant's upload.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aitalent.competitions import scoring, services
from aitalent.competitions.models import Competition, Participant, Submission, Team
from aitalent.core.models import Topic

SEED_ORDER = 620  # after people (members) and events


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    summary: str
    metric: str
    target_column: str
    topics: tuple[str, ...]
    overview: str
    evaluation: str


DATASETS = {
    "digits": Dataset(
        "digits",
        "Handwritten digits",
        "Recognise 8×8 handwritten digits: a first competition in a few lines of Python.",
        "accuracy",
        "label",
        ("computer-vision", "machine-learning", "classification"),
        "Each image is an 8×8 grid of grey levels (0–16) of a handwritten digit from the UCI "
        "optical recognition data set, as shipped with scikit-learn. Predict the digit 0–9.",
        "Accuracy: the share of test images whose predicted `label` equals the true digit.",
    ),
    "cancer": Dataset(
        "cancer",
        "Breast cancer diagnosis",
        "Rank biopsies by how likely they are benign, from 30 cell-nucleus measurements.",
        "roc_auc",
        "target",
        ("machine-learning", "healthcare", "classification"),
        "The Wisconsin diagnostic breast cancer data (scikit-learn's `load_breast_cancer`). "
        "`target` is 1 for benign, 0 for malignant.",
        "ROC AUC of your `target` column: a probability or any score that is higher for benign.",
    ),
    "diabetes": Dataset(
        "diabetes",
        "Diabetes progression",
        "Predict disease progression one year after baseline from ten clinical measurements.",
        "rmse",
        "target",
        ("machine-learning", "healthcare", "regression"),
        "scikit-learn's `load_diabetes`: age, sex, BMI, blood pressure and six blood serum "
        "measurements (standardised). `target` is a quantitative measure of progression.",
        "Root mean squared error of `target` (lower is better).",
    ),
}


def load_dataset(key: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from sklearn import datasets

    loader = {
        "digits": datasets.load_digits,
        "cancer": datasets.load_breast_cancer,
        "diabetes": datasets.load_diabetes,
    }[key]
    bunch = loader()
    names = [str(n).replace(" ", "_") for n in getattr(bunch, "feature_names", [])]
    if not names:
        names = [f"f{i}" for i in range(bunch.data.shape[1])]
    return bunch.data, bunch.target, names


@dataclass
class Split:
    train_ids: list[str]
    test_ids: list[str]
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    features: list[str]


def split(key: str, seed: int = 7) -> Split:
    x, y, names = load_dataset(key)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    cut = int(len(y) * 0.6)
    ids = np.array([f"{key[:3]}{i:05d}" for i in range(len(y))])
    train, test = order[:cut], order[cut:]
    return Split(list(ids[train]), list(ids[test]), x[train], y[train], x[test], y[test], names)


def _fmt(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    return int(value) if isinstance(value, np.integer) else value


def files_for(key: str, data: Split) -> dict[str, bytes]:
    spec = DATASETS[key]
    train = [["id", *data.features, spec.target_column]] + [
        [i, *map(_fmt, row), _fmt(t)]
        for i, row, t in zip(data.train_ids, data.x_train, data.y_train, strict=True)
    ]
    test = [["id", *data.features]] + [
        [i, *map(_fmt, row)] for i, row in zip(data.test_ids, data.x_test, strict=True)
    ]
    truth = [["id", spec.target_column]] + [
        [i, _fmt(t)] for i, t in zip(data.test_ids, data.y_test, strict=True)
    ]
    fill = "0" if spec.metric != "rmse" else f"{float(np.mean(data.y_train)):.4f}"
    sample = [["id", spec.target_column]] + [[i, fill] for i in data.test_ids]
    return {
        "train.csv": scoring.csv_bytes(train),
        "test.csv": scoring.csv_bytes(test),
        "sample_submission.csv": scoring.csv_bytes(sample),
        "truth": scoring.csv_bytes(truth),
    }


def models_for(key: str) -> list[tuple[str, Callable[[], Any]]]:
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
    from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    if key == "digits":
        return [
            ("SVC (RBF kernel)", lambda: SVC(gamma=0.001)),
            ("k-nearest neighbours", lambda: KNeighborsClassifier(3)),
            ("Random forest", lambda: RandomForestClassifier(60, random_state=0)),
            (
                "Logistic regression",
                lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=300)),
            ),  # noqa: E501
            ("Gaussian naive Bayes", GaussianNB),
            ("Decision tree", lambda: DecisionTreeClassifier(random_state=0)),
        ]
    if key == "cancer":
        return [
            (
                "Logistic regression",
                lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
            ),  # noqa: E501
            ("Random forest", lambda: RandomForestClassifier(60, random_state=0)),
            ("Gaussian naive Bayes", GaussianNB),
            (
                "k-nearest neighbours",
                lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(7)),
            ),  # noqa: E501
            ("Decision tree", lambda: DecisionTreeClassifier(max_depth=3, random_state=0)),
        ]
    return [
        ("Gradient boosting", lambda: GradientBoostingRegressor(random_state=0, max_depth=2)),
        ("Ridge", lambda: Ridge(alpha=0.1)),
        ("Linear regression", LinearRegression),
        ("k-nearest neighbours", lambda: KNeighborsRegressor(15)),
        ("Ridge (strong)", lambda: Ridge(alpha=10)),
    ]


def predict(key: str, model: Any, data: Split, rows: np.ndarray | None = None) -> list[Any]:
    """Fit on the training rows (all, or a member's own sample of them) and predict the test."""
    x, y = (
        (data.x_train, data.y_train) if rows is None else (data.x_train[rows], data.y_train[rows])
    )
    model.fit(x, y)
    if DATASETS[key].metric == "roc_auc":
        return [f"{p:.6f}" for p in model.predict_proba(data.x_test)[:, 1]]
    if DATASETS[key].metric == "rmse":
        return [f"{p:.4f}" for p in model.predict(data.x_test)]
    return [int(p) for p in model.predict(data.x_test)]


def prediction_csv(key: str, data: Split, values: list[Any]) -> bytes:
    column = DATASETS[key].target_column
    return scoring.csv_bytes(
        [["id", column], *[[i, v] for i, v in zip(data.test_ids, values, strict=True)]]
    )


def create_competition(
    key: str,
    *,
    host: Any,
    starts_at: datetime,
    ends_at: datetime,
    title: str = "",
    slug: str = "",
) -> tuple[Competition, Split]:
    """A published competition from a bundled data set (also used by tests)."""
    spec = DATASETS[key]
    data = split(key)
    files = files_for(key, data)
    topics = list(Topic.objects.filter(slug__in=spec.topics))
    competition = services.create_competition(
        host=host,
        topics=topics,
        title=title or spec.title,
        summary=spec.summary,
        overview=spec.overview,
        data_description=(
            "`train.csv` holds the features and the answer, `test.csv` the features only; "
            "`sample_submission.csv` shows the format."
        ),
        evaluation_description=spec.evaluation,
        rules=(
            "1. One account per person; teams up to 4.\n2. No hand labelling of the test set.\n"
            "3. Share code only in the public discussion.\n4. Five submissions per day."
        ),
        prizes="Medals and the respect of your peers.",
        starts_at=starts_at,
        entry_deadline_at=ends_at - (ends_at - starts_at) / 10,
        ends_at=ends_at,
        metric=spec.metric,
        id_column="id",
        target_column=spec.target_column,
        score_precision=4,
        max_team_size=4,
    )
    if slug:
        Competition.objects.filter(pk=competition.pk).update(slug=slug)
        competition.slug = slug
    services.set_ground_truth(competition=competition, by=host, content=files.pop("truth"))
    for name, content in files.items():
        kind = {"train.csv": "train", "test.csv": "test"}.get(name, "sample")
        services.add_data_file(
            competition=competition, by=host, kind=kind, name=name, content=content
        )
    services.publish(competition=competition, by=host)
    return competition, data


def _grant_host(user: Any) -> Any:
    return services.grant_host_permission(user=user)


def _score(submission: Submission) -> None:
    services.score_submission(submission_id=submission.pk)


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if Competition.objects.exists():
        return
    rng = random.Random(seed)
    members = list(
        get_user_model().objects.filter(is_active=True, is_staff=False).order_by("pk")[:200]
    )
    if len(members) < 30:
        return
    demo = next((m for m in members if m.email == "demo@example.com"), None)
    others = [m for m in members if m is not demo]
    host = _grant_host(others[0])
    if demo is not None:
        _grant_host(demo)  # the demo account can try hosting too
    now = timezone.now()
    plans = [
        ("digits", now - timedelta(days=14), now + timedelta(days=30), False),
        ("cancer", now - timedelta(days=7), now + timedelta(days=45), False),
        ("diabetes", now - timedelta(days=60), now - timedelta(days=2), True),
    ]
    pool = others[1:]
    for key, starts_at, ends_at, finished in plans:
        competition, data = create_competition(key, host=host, starts_at=starts_at, ends_at=ends_at)
        when = ends_at - timedelta(days=10) if finished else now
        entrants = rng.sample(pool, 14)
        for user in entrants:
            services.join(competition=competition, user=user, accept_rules=True, now=starts_at)
        if finished:  # two pairs merged into teams before the deadline
            for a, b in ((entrants[0], entrants[1]), (entrants[2], entrants[3])):
                request = services.propose_merge(
                    competition=competition, by=a, invite_handle=b.handle, now=starts_at
                )
                services.respond_to_merge(
                    competition=competition, by=b, request=request, accept=True, now=starts_at
                )
        models = models_for(key)
        # the host's baseline: the simplest model, shown unranked
        baseline_name, baseline_model = models[-1]
        base = services.submit(
            competition=competition,
            user=host,
            content=prediction_csv(key, data, predict(key, baseline_model(), data)),
            file_name="baseline.csv",
            description=f"Baseline: {baseline_name}",
            baseline=True,
            now=when,
        )
        _score(base)
        sampler = np.random.default_rng(seed)
        submitters = [p.user for p in competition.participants.select_related("user")]
        seen_teams: set[int] = set()
        for index, user in enumerate(submitters):
            team_id = Participant.objects.get(competition=competition, user=user).team_id
            if team_id in seen_teams:
                continue
            seen_teams.add(team_id)  # type: ignore[arg-type]
            for attempt in range(1 + index % 3):
                name, factory = models[(index + attempt) % len(models)]
                # each team trains on its own 85 % sample (as if it held out a validation set)
                rows = sampler.choice(len(data.y_train), int(len(data.y_train) * 0.85), False)
                sub = services.submit(
                    competition=competition,
                    user=user,
                    content=prediction_csv(key, data, predict(key, factory(), data, rows)),
                    file_name=f"{name.lower().replace(' ', '_')}.csv",
                    description=name,
                    now=when,
                )
                _score(sub)
        if finished:
            services.finalize(competition=competition)
        teams = Team.objects.filter(competition=competition, member_count__gt=0).count()
        out.write(f"Competition “{competition.title}”: {teams} teams, real model submissions.\n")


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    """A competition with up to n participants (teams of one) and their scored submissions.

    Rows are bulk-inserted with synthetic scores: this is load data for the leaderboard and
    list pages, not a scoring benchmark (see `aitalent bench scoring`).
    """
    users = list(get_user_model().objects.filter(is_active=True).order_by("pk")[: min(n, 20_000)])
    if not users:
        return
    rng = np.random.default_rng(seed)
    host = users[0]
    now = timezone.now()
    competition = Competition.objects.create(
        title=f"Scale test ({len(users)} teams)",
        slug=f"scale-test-{len(users)}-{int(now.timestamp())}",
        host=host,
        overview="Synthetic load data.",
        rules="None.",
        starts_at=now - timedelta(days=30),
        entry_deadline_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=30),
        metric="rmse",
        is_published=True,
        expected_columns=["id", "target"],
    )
    batch = 5000
    with transaction.atomic():
        teams = Team.objects.bulk_create(
            [
                Team(competition=competition, name=f"{u.handle}"[:80], member_count=1)
                for u in users[1:]
            ],
            batch_size=batch,
        )
        Participant.objects.bulk_create(
            [
                Participant(competition=competition, user=u, team=t, accepted_rules_at=now)
                for u, t in zip(users[1:], teams, strict=True)
            ],
            batch_size=batch,
        )
        subs = []
        for team, user in zip(teams, users[1:], strict=True):
            for _ in range(int(rng.integers(1, 4))):
                public, private = rng.normal(50, 5, 2)
                subs.append(
                    Submission(
                        competition=competition,
                        team=team,
                        submitted_by=user,
                        file_name="synthetic.csv",
                        storage_name="",
                        status=Submission.Status.SCORED,
                        public_score=abs(float(public)),
                        private_score=abs(float(private)),
                        scored_at=now,
                    )
                )
        Submission.objects.bulk_create(subs, batch_size=batch)
        Competition.objects.filter(pk=competition.pk).update(
            participant_count=len(teams), team_count=len(teams)
        )
    out.write(f"Competition scale: {len(teams)} teams, {len(subs)} submissions.\n")
