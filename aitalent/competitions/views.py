from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.competitions import forms, selectors, services, storage
from aitalent.competitions.models import Competition, MergeRequest, Participant
from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.core.models import Topic
from aitalent.forum import forms as forum_forms
from aitalent.forum import selectors as forum_selectors

PAGE_SIZE = 20


def _flash_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _apply_errors(form: Any, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        form.add_error(field if field in form.fields else None, errors)


def _base(request: HttpRequest, competition: Competition, tab: str) -> dict[str, Any]:
    participant = selectors.get_participant(competition=competition, user=request.user)
    return {
        "competition": competition,
        "participant": participant,
        "active": participant is not None and participant.status == Participant.Status.ACTIVE,
        "hosting": selectors.is_host(competition=competition, user=request.user),
        "tab": tab,
        "now": timezone.now(),
    }


@require_GET
def competition_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "")[:60] for k in ("q", "topic", "domain", "state", "within")}
    within = {"7": 7, "30": 30}.get(params["within"])
    filters = selectors.Filters(
        q=params["q"],
        topic=params["topic"],
        domain=params["domain"],
        state=params["state"],
        deadline_before=timezone.now() + timedelta(days=within) if within else None,
    )
    rows = selectors.list_competitions(user=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Participant.objects.filter(user=request.user)
            .select_related("competition", "team")
            .order_by("-competition__ends_at")[:10]
        )
    return render(
        request,
        "competitions/list.html",
        {
            "page": page,
            "params": params,
            "domains": Topic.objects.filter(kind="domain").order_by("name_en"),
            "mine": mine,
            "can_host": selectors.can_host(request.user),
            "now": timezone.now(),
        },
    )


def _competition_form_data(form: forms.CompetitionForm) -> tuple[dict[str, Any], list[Any]]:
    data = dict(form.cleaned_data)
    topics = list(data.pop("topics") or [])
    return data, topics


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def competition_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_host(request.user):
        raise PermissionDenied(_("You need the host permission to create competitions."))
    form = forms.CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, topics = _competition_form_data(form)
        try:
            competition = services.create_competition(host=request.user, topics=topics, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Draft created. Upload the ground truth and data next."))
            return redirect("competitions:host", slug=competition.slug)
    return render(request, "competitions/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def competition_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug, host=True)
    initial = {name: getattr(competition, name) for name in services.COMPETITION_FIELDS}
    initial["topics"] = list(competition.topics.all())
    form = forms.CompetitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, topics = _competition_form_data(form)
        try:
            services.update_competition(
                competition=competition, by=request.user, topics=topics, **data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("competitions:host", slug=competition.slug)
    return render(request, "competitions/form.html", {"form": form, "competition": competition})


@require_GET
def competition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    services.count_view(competition=competition, viewer=request.user)
    context = _base(request, competition, "overview")
    thread = services.discussion_thread(competition=competition)
    context.update(
        {
            "join_form": forms.JoinForm(),
            "files": list(competition.files.all())
            if context["active"] or context["hosting"]
            else [],
            "thread": thread,
            "posts": forum_selectors.thread_posts(thread=thread, viewer=request.user),
            "reply_form": forum_forms.ReplyForm(),
            "top": selectors.leaderboard(competition, private=False, with_members=False)[:5],
        }
    )
    return render(request, "competitions/detail.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def competition_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    form = forms.JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept the rules to take part."))
        return redirect(competition.get_absolute_url() + "#rules")
    try:
        participant = services.join(competition=competition, user=request.user, accept_rules=True)
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    else:
        if participant.status == Participant.Status.PENDING:
            messages.info(request, _("Your request was sent to the host."))
        else:
            messages.success(request, _("You joined. The data is below."))
    return redirect(competition.get_absolute_url() + "#data")


@login_required
@require_GET
def file_download(request: AuthenticatedHttpRequest, slug: str, file_id: int) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    if not selectors.can_download(competition=competition, user=request.user):
        raise Http404
    data_file = competition.files.filter(pk=file_id).first()
    if data_file is None:
        raise Http404
    return FileResponse(
        open(storage.path(data_file.storage_name), "rb"),  # noqa: SIM115 - closed by Django
        as_attachment=True,
        filename=data_file.name,
    )


def _submissions_context(request: HttpRequest, competition: Competition) -> dict[str, Any]:
    context = _base(request, competition, "submissions")
    participant = context["participant"]
    team = participant.team if participant and context["active"] else None
    rows = list(selectors.list_submissions(competition=competition, team=team)[:100])
    if context["hosting"]:
        rows = list(selectors.list_host_submissions(competition=competition)[:100])
    context.update(
        {
            "team": team,
            "submissions": rows,
            "quota": selectors.quota(competition=competition, team=team),
            "form": forms.SubmissionForm(),
            "show_private": selectors.can_see_private(competition=competition, user=request.user),
            "polling": any(s.is_pending for s in rows),
        }
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def submission_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    if request.method == "POST":
        form = forms.SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(competition.max_upload_mb * 1024 * 1024 + 1)
            try:
                services.submit(
                    competition=competition,
                    user=request.user,
                    content=content,
                    file_name=upload.name,
                    description=form.cleaned_data["description"],
                    baseline=request.POST.get("baseline") == "1",
                )
            except (ValidationError, PermissionDenied) as exc:
                _flash_error(request, exc)
            else:
                messages.success(request, _("Submitted. Scoring starts in a moment."))
        else:
            messages.error(request, _("Choose a CSV file to submit."))
        return redirect("competitions:submissions", slug=competition.slug)
    context = _submissions_context(request, competition)
    if request.htmx:
        return render(request, "competitions/partials/submission_rows.html", context)
    return render(request, "competitions/submissions.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def finals_select(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    try:
        services.select_finals(
            competition=competition, by=request.user, public_ids=request.POST.getlist("final")
        )
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Final submissions saved."))
    return redirect("competitions:submissions", slug=competition.slug)


@require_GET
def leaderboard(request: HttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    private = request.GET.get("private") == "1"
    can_private = selectors.can_see_private(competition=competition, user=request.user)
    if private and not can_private:
        private = False
    rows = selectors.leaderboard(competition, private=private)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        part = "private" if private else "public"
        response["Content-Disposition"] = (
            f'attachment; filename="{competition.slug}-{part}-leaderboard.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["rank", "team", "members", "score", "entries", "medal", "public_rank"])
        for row in rows:
            writer.writerow(
                [
                    row.rank or "",
                    row.name,
                    " ".join(m.handle for m in row.members),
                    selectors.format_score(competition, row.score),
                    row.entries,
                    row.medal,
                    row.public_rank or "",
                ]
            )
        return response
    context = _base(request, competition, "leaderboard")
    context.update(
        {
            "rows": rows,
            "private": private,
            "can_private": can_private,
            "revealed": competition.is_revealed,
        }
    )
    return render(request, "competitions/leaderboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug)
    context = _base(request, competition, "team")
    participant = context["participant"]
    if not context["active"] or participant is None or participant.team is None:
        messages.info(request, _("Join the competition to form a team."))
        return redirect(competition.get_absolute_url())
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "rename":
                services.rename_team(
                    competition=competition, by=request.user, name=request.POST.get("name", "")
                )
            elif action == "invite":
                services.propose_merge(
                    competition=competition,
                    by=request.user,
                    invite_handle=request.POST.get("handle", ""),
                )
                messages.success(request, _("Invitation sent."))
            elif action == "request":
                other = selectors.get_team(
                    competition=competition, team_id=int(request.POST.get("team_id") or 0)
                )
                services.propose_merge(competition=competition, by=request.user, other=other)
                messages.success(request, _("Merge request sent."))
            elif action in ("accept", "decline"):
                merge = selectors.get_merge_request(
                    competition=competition, request_id=int(request.POST.get("request_id") or 0)
                )
                services.respond_to_merge(
                    competition=competition,
                    by=request.user,
                    request=merge,
                    accept=action == "accept",
                )
                messages.success(
                    request, _("Teams merged.") if action == "accept" else _("Declined.")
                )
            elif action == "leave":
                services.leave_team(competition=competition, by=request.user)
                messages.success(request, _("You left the team."))
            elif action == "writeup":
                services.set_write_up(
                    competition=competition, by=request.user, url=request.POST.get("url", "")
                )
                messages.success(request, _("Write-up linked."))
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
        return redirect("competitions:team", slug=competition.slug)
    own = participant.team
    pending = list(
        MergeRequest.objects.filter(competition=competition, status=MergeRequest.Status.PENDING)
        .filter(source=own)
        .select_related("source", "target")
        | MergeRequest.objects.filter(
            competition=competition, status=MergeRequest.Status.PENDING, target=own
        ).select_related("source", "target")
    )
    incoming = [
        r
        for r in pending
        if (r.is_invitation and r.source_id == own.pk)
        or (not r.is_invitation and r.target_id == own.pk)
    ]
    outgoing = [r for r in pending if r not in incoming]
    context.update(
        {
            "team": own,
            "members": selectors.team_members([own.pk]).get(own.pk, []),
            "incoming": incoming,
            "outgoing": outgoing,
            "other_teams": competition.teams.exclude(pk=own.pk).filter(member_count__gt=0)[:200],
            "name_form": forms.TeamNameForm(initial={"name": own.name}),
            "invite_form": forms.InviteForm(),
            "writeup_form": forms.WriteUpForm(initial={"url": own.write_up_url}),
            "merge_open": timezone.now() < competition.entry_deadline_at,
        }
    )
    return render(request, "competitions/team.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def host(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    competition = selectors.get_competition_for_user(user=request.user, slug=slug, host=True)
    truth_form = forms.TruthForm()
    file_form = forms.DataFileForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "truth":
                truth_form = forms.TruthForm(request.POST, request.FILES)
                if truth_form.is_valid():
                    services.set_ground_truth(
                        competition=competition,
                        by=request.user,
                        content=truth_form.cleaned_data["truth"].read(),
                    )
                    messages.success(request, _("Ground truth checked and stored privately."))
                    return redirect("competitions:host", slug=slug)
            elif action == "file":
                file_form = forms.DataFileForm(request.POST, request.FILES)
                if file_form.is_valid():
                    upload = file_form.cleaned_data["file"]
                    services.add_data_file(
                        competition=competition,
                        by=request.user,
                        kind=file_form.cleaned_data["kind"],
                        name=upload.name,
                        content=upload.read(),
                    )
                    messages.success(request, _("File added."))
                    return redirect("competitions:host", slug=slug)
            elif action == "publish":
                services.publish(competition=competition, by=request.user)
                messages.success(request, _("Published."))
                return redirect("competitions:host", slug=slug)
            elif action == "approve":
                services.approve_participant(
                    competition=competition,
                    by=request.user,
                    user_id=int(request.POST.get("user_id") or 0),
                )
                return redirect("competitions:host", slug=slug)
            elif action == "end":
                services.end_competition(competition=competition, by=request.user)
                messages.success(
                    request, _("The competition ended; the private leaderboard is public.")
                )
                return redirect("competitions:leaderboard", slug=slug)
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            target = truth_form if action == "truth" else file_form
            if action in ("truth", "file"):
                _apply_errors(target, exc)
            else:
                _flash_error(request, exc)
    pending = list(
        competition.participants.filter(status=Participant.Status.PENDING).select_related("user")[
            :100
        ]
    )
    return render(
        request,
        "competitions/host.html",
        {
            **_base(request, competition, "host"),
            "truth_form": truth_form,
            "file_form": file_form,
            "files": list(competition.files.all()),
            "pending": pending,
            "host_submissions": list(selectors.list_host_submissions(competition=competition)[:20]),
            "submission_form": forms.SubmissionForm(),
        },
    )


@login_required
@require_GET
def submission_row(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    submission = selectors.get_submission_for_user(user=request.user, public_id=public_id)
    competition = submission.competition
    return render(
        request,
        "competitions/partials/submission_row.html",
        {
            "s": submission,
            "competition": competition,
            "show_private": selectors.can_see_private(competition=competition, user=request.user),
            "selectable": submission.team_id is not None
            and not selectors.is_host(competition=competition, user=request.user),
        },
    )
