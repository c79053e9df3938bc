"""Competitions: hosting, joining, teams and merges, submissions and scoring, finals and medals.

Quota and team changes lock the team row (`_lock_team`), so concurrent submissions of one team
are counted one after another and a team never exceeds its limits. Scoring locks the submission
row and moves QUEUED → SCORING → SCORED | FAILED; a scored or failed submission is left alone,
so a job retried after a killed worker never scores twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aitalent.activity import reputation
from aitalent.activity import services as activity
from aitalent.competitions import scoring, selectors, storage
from aitalent.competitions.models import (
    Competition,
    DataFile,
    MergeRequest,
    Participant,
    Submission,
    Team,
)
from aitalent.core import member_data
from aitalent.core.models import Topic
from aitalent.notifications import services as notifications

logger = logging.getLogger(__name__)

MEDAL_POINTS = {"gold": 300, "silver": 150, "bronze": 60}
MEDAL_EVIDENCE = {"gold": 3.0, "silver": 2.0, "bronze": 1.0}
HEADER_SAMPLE = 65536
COMPETITION_FIELDS = [
    "title",
    "summary",
    "overview",
    "data_description",
    "evaluation_description",
    "rules",
    "prizes",
    "starts_at",
    "entry_deadline_at",
    "ends_at",
    "visibility",
    "allow_list",
    "metric",
    "k",
    "id_column",
    "target_column",
    "public_fraction",
    "score_precision",
    "daily_limit",
    "total_limit",
    "max_team_size",
    "max_upload_mb",
]


def register() -> None:
    from aitalent.core import sections
    from aitalent.forum import services as forum
    from aitalent.people import evidence
    from aitalent.search import services as search

    types = [
        ("competitions.scored", _("My submission was scored"), _("Your submission to “%(title)s” scored %(score)s"), "off"),  # noqa: E501
        ("competitions.failed", _("My submission could not be scored"), _("Your submission to “%(title)s” failed: %(error)s"), "instant"),  # noqa: E501
        ("competitions.merge", _("Team invitations and merge requests"), _("%(actor)s: team “%(team)s” in “%(title)s”"), "instant"),  # noqa: E501
        ("competitions.merged", _("My team merged"), _("Teams merged into “%(team)s” in “%(title)s”"), "instant"),  # noqa: E501
        ("competitions.ended", _("Competitions I entered ended"), _("“%(title)s” ended: the private leaderboard is revealed"), "instant"),  # noqa: E501
        ("competitions.approval", _("Requests to join competitions I host"), _("%(actor)s asks to join “%(title)s”"), "daily"),  # noqa: E501
        ("competitions.approved", _("My requests to join competitions"), _("You can now take part in “%(title)s”"), "instant"),  # noqa: E501
    ]  # fmt: skip
    for verb, label, message, default_email in types:
        notifications.register_type(
            verb, module="competitions", label=label, message=message, default_email=default_email
        )
    notifications.register_watchable(
        "competitions.competition",
        label=_("competition"),
        resolve=selectors.resolve_competition,
    )
    forum.register_context_url("competitions.competition", selectors.competition_url)
    search.register(
        "competitions.competition",
        selectors.search_documents,
        label=_("Competitions"),
        icon="bi-trophy",
    )
    sections.register_profile(selectors.profile_section, order=60)
    sections.register_topic(selectors.topic_section, order=40)
    evidence.register_source("competitions", medal_evidence)
    member_data.register(
        "competitions",
        export=export_member_data,
        erase=erase_member_data,
        models=[
            "competitions.Competition",
            "competitions.Participant",
            "competitions.MergeRequest",
            "competitions.Submission",
        ],
        files=member_files,
    )


# --- hosting ----------------------------------------------------------------------------------


def _slug(title: str) -> str:
    base = slugify(title)[:150].strip("-") or "competition"
    if base in ("new", "submissions"):
        base = f"{base}-competition"
    slug, n = base, 1
    while Competition.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_host(*, competition: Competition, by: Any) -> None:
    if not selectors.is_host(competition=competition, user=by):
        raise PermissionDenied(gettext("Only the host can change this competition."))


def _validate_dates(competition: Competition) -> None:
    errors = {}
    if (
        competition.ends_at
        and competition.starts_at
        and competition.ends_at <= competition.starts_at
    ):
        errors["ends_at"] = _("The end must be after the start.")
    if (
        competition.entry_deadline_at
        and competition.ends_at
        and (
            competition.entry_deadline_at > competition.ends_at
            or competition.entry_deadline_at < competition.starts_at
        )
    ):
        errors["entry_deadline_at"] = _("The entry deadline must lie between start and end.")
    if not 0 < competition.public_fraction < 1:
        errors["public_fraction"] = _("Choose a public share between 0.01 and 0.99, e.g. 0.3.")
    if competition.daily_limit < 1:
        errors["daily_limit"] = _("Allow at least one submission per day.")
    if competition.max_team_size < 1:
        errors["max_team_size"] = _("A team has at least one member.")
    if not competition.rules.strip():
        errors["rules"] = _("Write the rules participants accept before downloading data.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_competition(*, host: Any, topics: Iterable[Topic] = (), **fields: Any) -> Competition:
    if not selectors.can_host(host):
        raise PermissionDenied(gettext("You need the host permission to create competitions."))
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    competition = Competition(host=host, **fields)
    competition.entry_deadline_at = competition.entry_deadline_at or competition.ends_at
    competition.slug = _slug(competition.title or "")
    _validate_dates(competition)
    competition.full_clean(exclude=["slug"])
    competition.save()
    competition.topics.set(list(topics)[:8])
    return competition


@transaction.atomic
def update_competition(
    *, competition: Competition, by: Any, topics: Iterable[Topic] | None = None, **fields: Any
) -> Competition:
    _require_host(competition=competition, by=by)
    for name, value in fields.items():
        if name not in COMPETITION_FIELDS:
            raise TypeError(f"unknown field: {name}")
        frozen = ("metric", "id_column", "target_column")
        if competition.truth_name and name in frozen and value != getattr(competition, name):
            raise ValidationError(
                {name: _("Upload the ground truth again to change the evaluation setup.")}
            )
        setattr(competition, name, value)
    _validate_dates(competition)
    competition.full_clean()
    competition.save()
    if topics is not None:
        competition.topics.set(list(topics)[:8])
    _index(competition)
    return competition


_truth_cache: dict[tuple[Any, ...], scoring.Truth] = {}


def load_truth(competition: Competition, content: bytes | None = None) -> scoring.Truth:
    """The parsed ground truth; a worker keeps the last two in memory (keyed by every setting
    that changes the parse or the split), so consecutive submissions skip the parse."""
    key = (
        competition.pk,
        competition.truth_name,
        competition.metric,
        competition.id_column,
        competition.target_column,
        competition.split_secret,
        competition.public_fraction,
        competition.k,
    )
    if content is None and key in _truth_cache:
        return _truth_cache[key]
    source: Any = content if content is not None else storage.path(competition.truth_name)
    truth = _parse_truth(competition, source)
    if content is None:
        while len(_truth_cache) >= 2:
            _truth_cache.pop(next(iter(_truth_cache)))
        _truth_cache[key] = truth
    return truth


def _parse_truth(competition: Competition, source: Any) -> scoring.Truth:
    return scoring.load_truth(
        source,
        metric=competition.metric,
        id_column=competition.id_column,
        target_column=competition.target_column,
        secret=competition.split_secret,
        public_fraction=competition.public_fraction,
        k=competition.k,
    )


@transaction.atomic
def set_ground_truth(*, competition: Competition, by: Any, content: bytes) -> Competition:
    """Check and store the hidden answers. Errors name the problem without quoting the data."""
    _require_host(competition=competition, by=by)
    if competition.finalized_at:
        raise ValidationError({"truth": _("The competition is finished.")})
    try:
        truth = load_truth(competition, content)
        scoring.check_split(truth)
    except scoring.ScoringError as exc:
        raise ValidationError({"truth": gettext(exc.template) % exc.params}) from exc
    old = competition.truth_name
    competition.truth_name = storage.save(f"{competition.pk}/truth", "truth.csv", content)
    competition.truth_rows = truth.n
    competition.expected_columns = truth.expected_columns()
    competition.save(update_fields=["truth_name", "truth_rows", "expected_columns", "updated_at"])
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return competition


@transaction.atomic
def add_data_file(
    *, competition: Competition, by: Any, kind: str, name: str, content: bytes
) -> DataFile:
    _require_host(competition=competition, by=by)
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationError({"name": _("Give the file a name, e.g. train.csv.")})
    if kind not in DataFile.Kind.values:
        raise ValidationError({"kind": _("Choose train, test, sample or other.")})
    existing = DataFile.objects.filter(competition=competition, name=name).first()
    stored = storage.save(f"{competition.pk}/data", name, content)
    if existing:
        old = existing.storage_name
        existing.storage_name, existing.size, existing.kind = stored, len(content), kind
        existing.save(update_fields=["storage_name", "size", "kind", "updated_at"])
        transaction.on_commit(lambda: storage.delete(old))
        return existing
    return DataFile.objects.create(
        competition=competition, kind=kind, name=name, storage_name=stored, size=len(content)
    )


@transaction.atomic
def publish(*, competition: Competition, by: Any) -> Competition:
    _require_host(competition=competition, by=by)
    if not competition.truth_name:
        raise ValidationError({"truth": _("Upload the ground truth before publishing.")})
    competition.is_published = True
    competition.save(update_fields=["is_published", "updated_at"])
    _index(competition)
    return competition


def _index(competition: Competition) -> None:
    from aitalent.search import services as search

    document = selectors.search_document(competition)
    if document:
        search.index_on_commit(**document)


def grant_host_permission(*, user: Any) -> Any:
    """Let a member host competitions (staff can always host)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    def permission() -> Permission:
        return Permission.objects.get_or_create(
            codename="host_competition",
            content_type=ContentType.objects.get_for_model(Competition),
            defaults={"name": "Can host competitions"},
        )[0]

    try:
        with transaction.atomic():
            found = permission()
    except IntegrityError:  # a stale content-type cache (the table was flushed): look again
        ContentType.objects.clear_cache()
        found = permission()
    user.user_permissions.add(found)
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached


# --- joining and teams ------------------------------------------------------------------------


def _allowed(competition: Competition, email: str) -> bool:
    email = (email or "").strip().lower()
    for line in competition.allow_list.lower().split():
        line = line.strip()
        if line.startswith("@") and email.endswith(line):
            return True
        if line == email:
            return True
    return False


def _unique_team_name(competition: Competition, base: str) -> str:
    base = (base or "team")[:70]
    name, n = base, 1
    while Team.objects.filter(competition=competition, name=name).exists():
        n += 1
        name = f"{base} {n}"
    return name


def _refresh_counts(competition: Competition) -> None:
    Competition.objects.filter(pk=competition.pk).update(
        participant_count=Participant.objects.filter(
            competition=competition, status=Participant.Status.ACTIVE
        ).count(),
        team_count=Team.objects.filter(competition=competition, member_count__gt=0).count(),
    )


def _team_of_one(competition: Competition, user: Any) -> Team:
    return Team.objects.create(
        competition=competition,
        name=_unique_team_name(competition, getattr(user, "handle", "") or user.get_username()),
        member_count=1,
    )


@transaction.atomic
def join(
    *, competition: Competition, user: Any, accept_rules: bool, now: datetime | None = None
) -> Participant:
    """Accept the rules and enter (a team of one), or ask the host for approval."""
    now = now or timezone.now()
    if not accept_rules:
        raise ValidationError({"accept_rules": _("Accept the rules to take part.")})
    if not competition.is_published:
        raise ValidationError(_("This competition is not open yet."))
    if now >= competition.entry_deadline_at:
        raise ValidationError(_("The entry deadline has passed."))
    if selectors.is_host(competition=competition, user=user):
        raise ValidationError(
            _("Hosts and staff do not take part; submit from the host page to test the setup.")
        )
    existing = Participant.objects.filter(competition=competition, user=user).first()
    if existing:
        return existing
    if competition.visibility == Competition.Visibility.INVITE and not _allowed(
        competition, user.email
    ):
        raise PermissionDenied(
            gettext("This competition is invite-only and your e-mail address is not on its list.")
        )
    pending = competition.visibility == Competition.Visibility.APPROVAL
    participant = Participant(
        competition=competition,
        user=user,
        accepted_rules_at=now,
        status=Participant.Status.PENDING if pending else Participant.Status.ACTIVE,
    )
    if not pending:
        participant.team = _team_of_one(competition, user)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        return Participant.objects.get(competition=competition, user=user)
    _refresh_counts(competition)
    activity.record(actor=user, verb="join", target=competition)
    if pending and competition.host_id:
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=[competition.host],
                verb="competitions.approval",
                actor=user,
                target=competition,
                url=competition.get_absolute_url() + "host/",
                context={"title": competition.title},
            )
        )
    return participant


@transaction.atomic
def approve_participant(*, competition: Competition, by: Any, user_id: int) -> Participant:
    _require_host(competition=competition, by=by)
    participant = (
        Participant.objects.select_for_update()
        .select_related("user")
        .filter(competition=competition, user_id=user_id)
        .first()
    )
    if participant is None:
        raise ValidationError(_("No such request."))
    if participant.status == Participant.Status.PENDING:
        participant.status = Participant.Status.ACTIVE
        participant.team = _team_of_one(competition, participant.user)
        participant.save(update_fields=["status", "team", "updated_at"])
        _refresh_counts(competition)
        transaction.on_commit(
            lambda: notifications.notify(
                recipients=[participant.user],
                verb="competitions.approved",
                target=competition,
                url=competition.get_absolute_url(),
                context={"title": competition.title},
            )
        )
    return participant


def _active(competition: Competition, user: Any) -> Participant:
    participant = selectors.get_active_participant(competition=competition, user=user)
    if participant is None or participant.team_id is None:
        raise PermissionDenied(gettext("Join the competition first."))
    return participant


def _lock_team(team_id: int) -> Team:
    return Team.objects.select_for_update().get(pk=team_id)


def _before_merge_deadline(competition: Competition, now: datetime) -> None:
    if now >= competition.entry_deadline_at:
        raise ValidationError(_("Team changes closed at the team-merge deadline."))


@transaction.atomic
def rename_team(*, competition: Competition, by: Any, name: str) -> Team:
    participant = _active(competition, by)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": _("A team name has 1 to 80 characters.")})
    if (
        Team.objects.filter(competition=competition, name=name)
        .exclude(pk=participant.team_id)
        .exists()
    ):
        raise ValidationError({"name": _("Another team already uses this name.")})
    team = _lock_team(participant.team_id)  # type: ignore[arg-type]
    team.name = name
    team.save(update_fields=["name", "updated_at"])
    return team


@transaction.atomic
def propose_merge(
    *,
    competition: Competition,
    by: Any,
    other: Team | None = None,
    invite_handle: str = "",
    now: datetime | None = None,
) -> MergeRequest:
    """Invite a participant (their team joins ours) or ask to join another team (ours joins)."""
    now = now or timezone.now()
    participant = _active(competition, by)
    _before_merge_deadline(competition, now)
    own = participant.team
    assert own is not None
    if invite_handle:
        invited = (
            Participant.objects.select_related("team", "user")
            .filter(
                competition=competition,
                user__handle__iexact=invite_handle.strip().lstrip("@"),
                status=Participant.Status.ACTIVE,
            )
            .first()
        )
        if invited is None or invited.team is None:
            raise ValidationError(
                {"handle": _("No participant with this handle; they must join first.")}
            )
        source, target, is_invitation = invited.team, own, True
    elif other is not None:
        source, target, is_invitation = own, other, False
    else:
        raise ValidationError({"team": _("Choose a team or a participant.")})
    if source.pk == target.pk:
        raise ValidationError({"team": _("That is already your team.")})
    check_merge(competition=competition, source=source, target=target, now=now)
    request = MergeRequest(
        competition=competition,
        source=source,
        target=target,
        created_by=by,
        is_invitation=is_invitation,
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError(_("This request is already pending.")) from exc
    recipients_team = source if is_invitation else target
    recipients = [p.user for p in recipients_team.members.select_related("user")]
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=recipients,
            verb="competitions.merge",
            actor=by,
            target=competition,
            url=competition.get_absolute_url() + "team/",
            context={"title": competition.title, "team": target.name},
        )
    )
    return request


def check_merge(*, competition: Competition, source: Team, target: Team, now: datetime) -> None:
    """Kaggle's rules: size limit, and combined submissions ≤ daily limit × days since start."""
    size = source.member_count + target.member_count
    if size > competition.max_team_size:
        raise ValidationError(
            _("Together the teams would have %(size)s members; the limit is %(limit)s.")
            % {"size": size, "limit": competition.max_team_size}
        )
    days = max(1, (now - competition.starts_at).days + 1)
    allowed = competition.daily_limit * days
    combined = (
        Submission.objects.filter(team__in=[source, target])
        .exclude(status=Submission.Status.FAILED)
        .count()
    )
    if combined > allowed:
        raise ValidationError(
            _(
                "The teams have %(count)s submissions together; a merge allows at most "
                "%(allowed)s (daily limit × days since the start)."
            )
            % {"count": combined, "allowed": allowed}
        )


@transaction.atomic
def respond_to_merge(
    *,
    competition: Competition,
    by: Any,
    request: MergeRequest,
    accept: bool,
    now: datetime | None = None,
) -> MergeRequest:
    now = now or timezone.now()
    participant = _active(competition, by)
    deciding = request.source_id if request.is_invitation else request.target_id
    if participant.team_id != deciding and not (
        participant.team_id in (request.source_id, request.target_id) and not accept
    ):
        raise PermissionDenied(gettext("Only the other team can answer this request."))
    first, second = sorted([request.source_id, request.target_id])
    _lock_team(first), _lock_team(second)  # fixed order: no deadlock with a crossing request
    request = MergeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MergeRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    if not accept:
        request.status = MergeRequest.Status.DECLINED
        request.save(update_fields=["status", "updated_at"])
        return request
    _before_merge_deadline(competition, now)
    source, target = Team.objects.get(pk=request.source_id), Team.objects.get(pk=request.target_id)
    check_merge(competition=competition, source=source, target=target, now=now)
    Participant.objects.filter(team=source).update(team=target)
    Submission.objects.filter(team=source).update(team=target, is_final=False)
    Submission.objects.filter(team=target).update(is_final=False)
    target.member_count = Participant.objects.filter(team=target).count()
    target.submission_count = F("submission_count") + source.submission_count
    target.save(update_fields=["member_count", "submission_count", "updated_at"])
    MergeRequest.objects.filter(status=MergeRequest.Status.PENDING).filter(
        source__in=[source, target]
    ).exclude(pk=request.pk).update(status=MergeRequest.Status.DECLINED)
    MergeRequest.objects.filter(status=MergeRequest.Status.PENDING, target=source).update(
        status=MergeRequest.Status.DECLINED
    )
    request.status = MergeRequest.Status.ACCEPTED
    request.save(update_fields=["status", "updated_at"])
    source.delete()
    _refresh_counts(competition)
    recipients = [p.user for p in target.members.select_related("user")]
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=recipients,
            verb="competitions.merged",
            actor=by,
            target=competition,
            url=competition.get_absolute_url() + "team/",
            context={"title": competition.title, "team": target.name},
        )
    )
    return request


@transaction.atomic
def leave_team(*, competition: Competition, by: Any, now: datetime | None = None) -> Team:
    """Leave for a new team of one; the submissions stay with the old team."""
    now = now or timezone.now()
    participant = _active(competition, by)
    _before_merge_deadline(competition, now)
    old = _lock_team(participant.team_id)  # type: ignore[arg-type]
    if old.member_count <= 1:
        raise ValidationError(_("You are the only member of this team."))
    participant.team = _team_of_one(competition, by)
    participant.save(update_fields=["team", "updated_at"])
    old.member_count = Participant.objects.filter(team=old).count()
    old.save(update_fields=["member_count", "updated_at"])
    _refresh_counts(competition)
    return participant.team


# --- submissions ------------------------------------------------------------------------------


def _check_file(competition: Competition, content: bytes, *, allow_extra: bool = False) -> None:
    limit = competition.max_upload_mb * 1024 * 1024
    if len(content) > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(len(content) / 1048576, 1), "limit": competition.max_upload_mb}
            }
        )
    try:
        header = scoring.read_header(content[:HEADER_SAMPLE])
        scoring.check_header(header, competition.expected_columns, allow_extra=allow_extra)
    except scoring.ScoringError as exc:
        raise ValidationError({"file": gettext(exc.template) % exc.params}) from exc


@transaction.atomic
def submit(
    *,
    competition: Competition,
    user: Any,
    content: bytes,
    file_name: str = "submission.csv",
    description: str = "",
    baseline: bool = False,
    now: datetime | None = None,
) -> Submission:
    """Check the cheap things now, count against the team's quota, queue for scoring."""
    now = now or timezone.now()
    hosting = selectors.is_host(competition=competition, user=user)
    if not competition.truth_name:
        raise ValidationError(_("The host has not uploaded the ground truth yet."))
    if not hosting and not competition.has_started(now):
        raise ValidationError(_("The competition has not started yet."))
    if baseline and not hosting:
        raise PermissionDenied(gettext("Only the host adds baselines."))
    if len(description) > 200:
        raise ValidationError({"description": _("Keep the description under 200 characters.")})
    _check_file(competition, content, allow_extra=hosting)
    team = None
    if not hosting:
        participant = _active(competition, user)
        team = _lock_team(participant.team_id)  # type: ignore[arg-type]  # serialises the quota
        used = selectors.quota(competition=competition, team=team, now=now)
        if used["today"] >= competition.daily_limit:
            raise ValidationError(
                _(
                    "Your team used all %(limit)s submissions for today; the count resets at "
                    "midnight UTC."
                )
                % {"limit": competition.daily_limit}
            )
        if competition.total_limit is not None and used["total"] >= competition.total_limit:
            raise ValidationError(
                _("Your team used all %(limit)s submissions of this competition.")
                % {"limit": competition.total_limit}
            )
    stored = storage.save(f"{competition.pk}/submissions", file_name or "submission.csv", content)
    submission = Submission(
        competition=competition,
        team=team,
        submitted_by=user,
        description=description.strip(),
        file_name=(file_name or "submission.csv")[:200],
        storage_name=stored,
        size=len(content),
        is_late=competition.has_ended(now) and not hosting,
        is_host=hosting and not baseline,
        is_baseline=baseline,
    )
    submission.full_clean()
    submission.save()
    if team is not None:
        Team.objects.filter(pk=team.pk).update(submission_count=F("submission_count") + 1)
        activity.record(actor=user, verb="submit", target=competition)
    submission_id = submission.pk
    transaction.on_commit(lambda: _enqueue(submission_id))
    return submission


def _enqueue(submission_id: int) -> None:
    from aitalent.competitions import tasks

    tasks.score_submission.defer(submission_id=submission_id)


def score_submission(*, submission_id: int) -> Submission | None:
    """Idempotent: claims a queued (or interrupted) submission, scores it, stores the result."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("competition")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.status in (
            Submission.Status.SCORED,
            Submission.Status.FAILED,
        ):
            return submission
        submission.status = Submission.Status.SCORING
        submission.attempts += 1
        submission.save(update_fields=["status", "attempts", "updated_at"])
    competition = submission.competition
    try:
        truth = load_truth(competition)
        result = scoring.score(
            storage.path(submission.storage_name),
            truth,
            allow_extra=submission.is_host or submission.is_baseline,
        )
        error: scoring.ScoringError | None = None
    except scoring.ScoringError as exc:
        result, error = None, exc
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.status != Submission.Status.SCORING:
            return submission  # another attempt finished first
        submission.scored_at = timezone.now()
        if error is None:
            assert result is not None
            submission.status = Submission.Status.SCORED
            submission.public_score = result.public_score
            submission.private_score = result.private_score
        else:
            submission.status = Submission.Status.FAILED
            submission.error_template = error.template
            submission.error_params = error.params
            if submission.team_id:  # failed submissions give the quota back
                Team.objects.filter(pk=submission.team_id).update(
                    submission_count=F("submission_count") - 1
                )
        submission.save()
        _notify_scored(submission, competition)
    return submission


def _notify_scored(submission: Submission, competition: Competition) -> None:
    if submission.submitted_by_id is None:
        return
    user = submission.submitted_by
    if submission.status == Submission.Status.SCORED:
        verb = "competitions.scored"
        context = {
            "title": competition.title,
            "score": selectors.format_score(competition, submission.public_score),
        }
    else:
        verb = "competitions.failed"
        context = {"title": competition.title, "error": submission.error[:300]}
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=[user],
            verb=verb,
            target=competition,
            url=competition.get_absolute_url() + "submissions/",
            context=context,
            key=f"competitions.submission.{submission.pk}",
        )
    )


@transaction.atomic
def select_finals(
    *, competition: Competition, by: Any, public_ids: list[Any], now: datetime | None = None
) -> list[Submission]:
    now = now or timezone.now()
    participant = _active(competition, by)
    if competition.has_ended(now):
        raise ValidationError(_("Finals cannot change after the end."))
    if len(public_ids) > 2:
        raise ValidationError({"submissions": _("Select at most two final submissions.")})
    team = _lock_team(participant.team_id)  # type: ignore[arg-type]
    chosen = list(
        Submission.objects.filter(
            team=team, public_id__in=public_ids, status=Submission.Status.SCORED
        )
    )
    if len(chosen) != len(set(map(str, public_ids))):
        raise ValidationError({"submissions": _("Choose scored submissions of your own team.")})
    Submission.objects.filter(team=team).update(is_final=False)
    Submission.objects.filter(pk__in=[s.pk for s in chosen]).update(is_final=True)
    for submission in chosen:
        submission.is_final = True
    return chosen


@transaction.atomic
def set_write_up(*, competition: Competition, by: Any, url: str) -> Team:
    participant = _active(competition, by)
    if not competition.has_ended():
        raise ValidationError(_("Write-ups are linked after the end."))
    team = _lock_team(participant.team_id)  # type: ignore[arg-type]
    team.write_up_url = url.strip()
    team.full_clean(exclude=["competition", "name"])
    team.save(update_fields=["write_up_url", "updated_at"])
    return team


# --- the end ----------------------------------------------------------------------------------


@transaction.atomic
def end_competition(
    *, competition: Competition, by: Any, now: datetime | None = None
) -> Competition:
    """The host ends now: the private leaderboard is revealed and medals are awarded."""
    _require_host(competition=competition, by=by)
    now = now or timezone.now()
    if not competition.has_ended(now):
        competition.ends_at = max(now, competition.starts_at + timedelta(seconds=1))
        if competition.entry_deadline_at > now:
            competition.entry_deadline_at = now
        competition.save(update_fields=["ends_at", "entry_deadline_at", "updated_at"])
    return finalize(competition=competition)


@transaction.atomic
def finalize(*, competition: Competition) -> Competition:
    """Ranks, medals, reputation and evidence once; repeated calls change nothing."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.finalized_at or not competition.has_ended():
        return competition
    rows = [r for r in selectors.leaderboard(competition, private=True) if r.team_id]
    public = {
        r.team_id: r.rank
        for r in selectors.leaderboard(competition, private=False, with_members=False)
    }
    teams = {t.pk: t for t in Team.objects.filter(competition=competition)}
    for row in rows:
        team = teams[row.team_id]  # type: ignore[index]
        team.private_rank = row.rank
        team.public_rank = public.get(row.team_id)
        team.medal = selectors.medal_for(row.rank or 0, len(rows))
    Team.objects.bulk_update(list(teams.values()), ["private_rank", "public_rank", "medal"])
    members = selectors.team_members([r.team_id for r in rows if r.team_id])  # type: ignore[misc]
    for team in teams.values():
        if team.medal:
            for user in members.get(team.pk, []):
                reputation.award(
                    user=user,
                    reason=f"medal_{team.medal}",
                    category="competitions",
                    source=f"competitions.medal.{competition.pk}",
                    points=MEDAL_POINTS[team.medal],
                    capped=False,
                )
    competition.finalized_at = timezone.now()
    competition.save(update_fields=["finalized_at", "updated_at"])
    medal_users = [u.pk for t in teams.values() if t.medal for u in members.get(t.pk, [])]
    transaction.on_commit(lambda: _refresh_evidence(medal_users))
    everyone = [p.user for p in competition.participants.select_related("user")]
    transaction.on_commit(
        lambda: notifications.notify(
            recipients=everyone,
            verb="competitions.ended",
            target=competition,
            url=competition.get_absolute_url() + "leaderboard/?private=1",
            context={"title": competition.title},
            key=f"competitions.ended.{competition.pk}",
        )
    )
    return competition


def finalize_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Competition.objects.filter(finalized_at__isnull=True, ends_at__lte=now)
    done = 0
    for competition in due[:50]:
        finalize(competition=competition)
        done += 1
    return done


def _refresh_evidence(user_ids: list[int]) -> None:
    if not user_ids:
        return
    from aitalent.people import evidence
    from aitalent.people.models import ProfileSkill

    evidence.refresh(ProfileSkill.objects.filter(profile__user_id__in=user_ids))


def medal_evidence(skills: list[Any]) -> dict[int, list[Any]]:
    """A medal in a competition on a topic is skill evidence (gold 3, silver 2, bronze 1)."""
    from aitalent.people.evidence import Evidence

    by_user: dict[int, list[Any]] = {}
    for skill in skills:
        by_user.setdefault(skill.profile.user_id, []).append(skill)
    if not by_user:
        return {}
    entries = (
        Participant.objects.filter(user_id__in=by_user, team__medal__in=list(MEDAL_EVIDENCE))
        .select_related("competition", "team")
        .prefetch_related("competition__topics")
    )
    result: dict[int, list[Any]] = {}
    for entry in entries:
        topic_ids = {t.pk for t in entry.competition.topics.all()}
        for skill in by_user.get(entry.user_id, []):
            if skill.topic_id in topic_ids:
                result.setdefault(skill.id, []).append(
                    Evidence(
                        source="competitions",
                        label=gettext("%(medal)s medal in “%(title)s” (rank %(rank)s)")
                        % {
                            "medal": medal_label(entry.team.medal),  # type: ignore[union-attr]
                            "title": entry.competition.title,
                            "rank": entry.team.private_rank,  # type: ignore[union-attr]
                        },
                        weight=MEDAL_EVIDENCE[entry.team.medal],  # type: ignore[union-attr]
                        url=entry.competition.get_absolute_url(),
                        at=entry.competition.ends_at,
                    )
                )
    return result


def medal_label(medal: str) -> str:
    return {"gold": gettext("Gold"), "silver": gettext("Silver"), "bronze": gettext("Bronze")}.get(
        medal, ""
    )


def discussion_thread(*, competition: Competition) -> Any:
    from aitalent.forum import services as forum

    return forum.get_or_create_context_thread(
        target=competition,
        title=competition.title,
        author=competition.host,
        topics=competition.topics.all(),
    )


# --- member data ------------------------------------------------------------------------------


def export_member_data(user: Any) -> dict[str, Any]:
    """What the member did; never a ground truth or a private score before the reveal."""
    entries = []
    for p in Participant.objects.filter(user=user).select_related("competition", "team"):
        entries.append(
            {
                "competition": p.competition.slug,
                "team": p.team.name if p.team else None,
                "status": p.status,
                "accepted_rules_at": p.accepted_rules_at,
                "medal": p.team.medal if p.team else "",
            }
        )
    submissions = []
    for s in Submission.objects.filter(submitted_by=user).select_related("competition"):
        submissions.append(
            {
                "competition": s.competition.slug,
                "id": str(s.public_id),
                "file_name": s.file_name,
                "status": s.status,
                "public_score": s.public_score,
                "private_score": s.private_score if s.competition.is_revealed else None,
                "error": s.error,
                "created_at": s.created_at,
            }
        )
    hosted = list(Competition.objects.filter(host=user).values("slug", "title", "created_at"))
    return {"entries": entries, "submissions": submissions, "hosted": hosted}


def member_files(user: Any) -> list[str]:
    return []  # submissions are prediction files kept for scoring; listed in the export JSON


def erase_member_data(user: Any) -> None:
    for name in Submission.objects.filter(submitted_by=user).values_list("storage_name", flat=True):
        storage.delete(name)
    Submission.objects.filter(submitted_by=user).update(submitted_by=None)
    for participant in Participant.objects.filter(user=user).select_related("team"):
        team = participant.team
        participant.delete()
        if team is not None:
            remaining = Participant.objects.filter(team=team).count()
            Team.objects.filter(pk=team.pk).update(member_count=remaining)
    MergeRequest.objects.filter(created_by=user).update(created_by=None)


def count_view(*, competition: Competition, viewer: Any) -> None:
    """A member's view of a competition page feeds recommendations and analytics."""
    if getattr(viewer, "is_authenticated", False):
        activity.record(actor=viewer, verb="view", target=competition)
