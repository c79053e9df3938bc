from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.core.models import Topic
from aitalent.forum import forms as forum_forms
from aitalent.forum import selectors as forum_selectors
from aitalent.projects import forms, matching, selectors, services
from aitalent.projects.models import (
    Application,
    Invitation,
    Membership,
    Offer,
    OfferApplication,
    Project,
    Role,
    Stage,
    Task,
)

PAGE_SIZE = 20


def _apply_errors(form: Any, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        form.add_error(field if field in form.fields else None, errors)


def _flash_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _filters(request: HttpRequest) -> tuple[selectors.ProjectFilters, dict[str, str]]:
    params = {
        k: request.GET.get(k, "")[:60] for k in ("q", "topic", "domain", "stage", "skill", "open")
    }
    if params["stage"] not in Stage.values:
        params["stage"] = ""
    return (
        selectors.ProjectFilters(
            q=params["q"],
            topic=params["topic"],
            domain=params["domain"],
            stage=params["stage"],
            skill=params["skill"],
            open_roles=params["open"] == "1",
        ),
        params,
    )


# --- directory ----------


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    filters, params = _filters(request)
    rows = selectors.list_projects(viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "params": params,
            "stages": Stage.choices,
            "domains": selectors.domain_choices(),
            "skills": selectors.skill_choices(),
            "demand": selectors.skill_demand(viewer=request.user, limit=8),
        },
    )


@require_GET
def skill_demand(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/skills.html",
        {"rows": selectors.skill_demand(viewer=request.user, limit=50)},
    )


@login_required
@require_GET
def for_you(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/for_you.html",
        {"matches": matching.roles_for_member(user=request.user, limit=20)},
    )


@login_required
@require_GET
def my_projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/mine.html",
        {
            "projects": list(selectors.my_projects(user=request.user)[:50]),
            "applications": list(selectors.my_applications(user=request.user)[:50]),
            "invitations": list(selectors.my_invitations(user=request.user)[:50]),
        },
    )


# --- projects ----------


def _project_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "pitch": data["pitch"],
        "problem": data["problem"],
        "description": data["description"],
        "visibility": data["visibility"],
        "repository_url": data["repository_url"],
        "demo_url": data["demo_url"],
        "media_links": data["media"],
        "organisation": data["organisation"],
        "timezone": data["timezone"],
        "language": data["language"],
        "topics": list(data["topics"]),
        "domains": list(data["domains"]),
    }


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                creator=request.user, stage=form.cleaned_data["stage"],
                **_project_kwargs(form.cleaned_data),
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Project created. Next: add the roles you need."))
            return redirect(project.get_absolute_url())
    return render(request, "projects/form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def project_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    initial = {
        "name": project.name, "pitch": project.pitch, "problem": project.problem,
        "description": project.description, "stage": project.stage,
        "visibility": project.visibility, "repository_url": project.repository_url,
        "demo_url": project.demo_url, "media": "\n".join(project.media_links),
        "organisation": project.organisation, "timezone": project.timezone,
        "language": project.language, "topics": list(project.topics.all()),
        "domains": list(project.domains.all()),
    }  # fmt: skip
    form = forms.ProjectForm(request.POST or None, initial=initial)
    form.fields["stage"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                project=project, by=request.user, **_project_kwargs(form.cleaned_data)
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project.get_absolute_url())
    return render(request, "projects/form.html", {"form": form, "project": project})


def _worded(entries: list[Any]) -> list[Any]:
    for entry in entries:
        text = services.TIMELINE.get(entry.verb)
        entry.text = str(text) % {"detail": entry.detail} if text else entry.verb
    return entries


def _detail_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    membership = selectors.membership_of(project=project, viewer=request.user)
    is_maintainer = membership is not None and membership.is_maintainer
    thread = services.discussion_thread(project=project)
    members = selectors.team(project=project)
    context: dict[str, Any] = {
        "project": project,
        "membership": membership,
        "is_maintainer": is_maintainer,
        "roles": selectors.project_roles(project=project),
        "members": members,
        "milestones": selectors.milestones_with_progress(project=project),
        "timeline": _worded(selectors.timeline(project=project)),
        "updates": list(project.updates.select_related("author")[:10]),
        "stage_history": list(project.stage_changes.all()),
        "accepted_offers": selectors.accepted_offers(project=project),
        "stages": Stage.choices,
        "thread": thread,
    }
    if thread is not None:
        context["posts"] = forum_selectors.thread_posts(thread=thread, viewer=request.user)
        context["reply_form"] = forum_forms.ReplyForm()
    if is_maintainer:
        pending = selectors.pending_applications(project=project)
        context["applications"] = list(zip(pending, matching.applicant_fits(pending), strict=True))
        context["invitations"] = selectors.pending_invitations(project=project)
        context["invite_form"] = forms.InviteForm(roles=[r for r in context["roles"] if r.is_open])
        context["update_form"] = forms.UpdateForm()
        context["milestone_form"] = forms.MilestoneForm()
        context["can_deliver"] = project.stage in services.DELIVERY_STAGES
    return context


@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug)
    services.count_view(project=project, viewer=request.user)
    return render(request, "projects/detail.html", _detail_context(request, project))


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def project_stage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    form = forms.StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage from the list."))
    else:
        try:
            services.set_stage(project=project, by=request.user, stage=form.cleaned_data["stage"])
            messages.success(request, _("Stage updated."))
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
    return redirect(project.get_absolute_url())


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def update_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    form = forms.UpdateForm(request.POST)
    if form.is_valid():
        services.post_update(project=project, by=request.user, **form.cleaned_data)
        messages.success(request, _("Update posted; followers are notified."))
    else:
        messages.error(request, _("An update needs a title and a text."))
    return redirect(project.get_absolute_url() + "#updates")


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def project_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug)
    try:
        services.leave_project(project=project, user=request.user)
        messages.success(request, _("You left the project."))
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
        return redirect(project.get_absolute_url())
    return redirect("projects:mine")


# --- roles ----------


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def role_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    form = forms.RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            role = services.create_role(project=project, by=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Role added: find people for it below."))
            return redirect("projects:role-detail", slug=project.slug, role_id=role.pk)
    return render(request, "projects/role_form.html", {"form": form, "project": project})


@require_GET
def role_detail(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    role = selectors.get_role_for_user(viewer=request.user, role_id=role_id)
    project = role.project
    if project.slug != slug:
        return redirect("projects:role-detail", slug=project.slug, role_id=role.pk)
    membership = selectors.membership_of(project=project, viewer=request.user)
    is_maintainer = membership is not None and membership.is_maintainer
    context: dict[str, Any] = {
        "project": project,
        "role": role,
        "membership": membership,
        "is_maintainer": is_maintainer,
        "apply_form": forms.ApplyForm(),
    }
    if request.user.is_authenticated:
        context["my_application"] = role.applications.filter(applicant_id=request.user.pk).first()
        if not is_maintainer:
            context["my_fit"] = matching.applicant_fit(role=role, user=request.user)
    if is_maintainer:
        context["candidates"] = matching.candidates_for_role(role=role, viewer=request.user)
        context["invited_ids"] = set(
            project.invitations.filter(status=Invitation.Status.PENDING).values_list(
                "invitee_id", flat=True
            )
        )
    return render(request, "projects/role_detail.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def role_apply(request: AuthenticatedHttpRequest, slug: str, role_id: int) -> HttpResponse:
    role = selectors.get_role_for_user(viewer=request.user, role_id=role_id)
    form = forms.ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short message to the team (why you, what you'd do)."))
    else:
        try:
            services.apply_to_role(role=role, user=request.user, **form.cleaned_data)
            messages.success(request, _("Application sent. The maintainers will answer."))
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
    return redirect("projects:role-detail", slug=role.project.slug, role_id=role.pk)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def role_status(request: AuthenticatedHttpRequest, slug: str, role_id: int) -> HttpResponse:
    role = selectors.get_role_for_user(viewer=request.user, role_id=role_id, write=True)
    services.set_role_status(role=role, by=request.user, is_open=request.POST.get("open") == "1")
    return redirect(role.project.get_absolute_url() + "#roles")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def application_decide(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = selectors.get_application_for_user(
        viewer=request.user, application_id=application_id
    )
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.withdraw_application(application=application, by=request.user)
        elif action in ("accept", "decline"):
            services.decide_application(
                application=application, by=request.user, accept=action == "accept"
            )
        else:
            raise ValidationError({"action": _("Choose accept, decline or withdraw.")})
        messages.success(request, _("Application updated."))
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    if application.applicant_id == request.user.pk:
        return redirect("projects:mine")
    return redirect(application.role.project.get_absolute_url() + "#applications")


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def invite_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    roles = list(project.roles.filter(status="open"))
    form = forms.InviteForm(request.POST, roles=roles)
    back = request.POST.get("next", "")
    if not form.is_valid():
        messages.error(request, _("Name a member by handle to invite them."))
    else:
        invitee = (
            get_user_model()
            .objects.filter(handle__iexact=form.cleaned_data["handle"].lstrip("@"), is_active=True)
            .first()
        )
        role = next((r for r in roles if r.pk == form.cleaned_data["role"]), None)
        try:
            if invitee is None:
                raise ValidationError({"handle": _("No member has this handle.")})
            services.invite_member(project=project, by=request.user, invitee=invitee, role=role,
                                   message=form.cleaned_data["message"])  # fmt: skip
            messages.success(request, _("Invitation sent to %(name)s.") % {"name": invitee.name})
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
    if back.startswith("/projects/"):
        return redirect(back)
    return redirect(project.get_absolute_url() + "#team")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def invitation_respond(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.get_invitation_for_user(viewer=request.user, invitation_id=invitation_id)
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.withdraw_invitation(invitation=invitation, by=request.user)
            return redirect(invitation.project.get_absolute_url() + "#team")
        if action not in ("accept", "decline"):
            raise ValidationError({"action": _("Choose accept or decline.")})
        services.respond_to_invitation(
            invitation=invitation, by=request.user, accept=action == "accept"
        )
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
        return redirect("projects:mine")
    if action == "accept":
        messages.success(request, _("Welcome to the team!"))
        return redirect(invitation.project.get_absolute_url())
    messages.success(request, _("Invitation declined."))
    return redirect("projects:mine")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def member_action(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.get_membership_for_user(viewer=request.user, membership_id=membership_id)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.remove_member(membership=membership, by=request.user)
        elif action in Membership.Kind.values:
            services.set_member_kind(membership=membership, by=request.user, kind=action)
        elif action in ("deliver", "undeliver"):
            services.mark_delivered(
                membership=membership, by=request.user, delivered=action == "deliver"
            )
        else:
            raise ValidationError({"action": _("Unknown action.")})
        messages.success(request, _("Team updated."))
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    return redirect(membership.project.get_absolute_url() + "#team")


# --- work tracking ----------


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def milestone_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        services.create_milestone(project=project, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("A milestone needs a title; the date is optional."))
    return redirect(project.get_absolute_url() + "#milestones")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def milestone_status(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.get_milestone_for_user(
        viewer=request.user, milestone_id=milestone_id, write=True
    )
    try:
        services.update_milestone(
            milestone=milestone, by=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    return redirect(milestone.project.get_absolute_url() + "#milestones")


def _board_context(request: HttpRequest, project: Project, form: Any = None) -> dict[str, Any]:
    members = selectors.team(project=project)
    milestones = selectors.milestones_with_progress(project=project)
    tasks = selectors.board(project=project)
    return {
        "project": project,
        "columns": [(value, label, tasks[value]) for value, label in Task.Status.choices],
        "statuses": Task.Status.choices,
        "can_edit": selectors.is_team_member(project=project, viewer=request.user),
        "task_form": form or forms.TaskForm(milestones=milestones, members=members),
        "milestones": milestones,
    }


@require_GET
def project_board(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug)
    return render(request, "projects/board.html", _board_context(request, project))


def _board_response(request: HttpRequest, project: Project, form: Any = None) -> HttpResponse:
    context = _board_context(request, project, form)
    if getattr(request, "htmx", False):
        return render(request, "projects/partials/board.html", context)
    return redirect("projects:board", slug=project.slug)


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def task_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug)
    if not selectors.is_team_member(project=project, viewer=request.user):
        raise PermissionDenied
    members = selectors.team(project=project)
    milestones = list(project.milestones.all())
    form = forms.TaskForm(request.POST, milestones=milestones, members=members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_task(
                project=project, by=request.user, title=data["title"], due_on=data["due_on"],
                milestone=next((m for m in milestones if m.pk == data["milestone"]), None),
                assignee=next((m.user for m in members if m.user_id == data["assignee"]), None),
            )  # fmt: skip
            form = None
        except ValidationError as exc:
            _apply_errors(form, exc)
    if form is not None and not getattr(request, "htmx", False):
        messages.error(request, _("A task needs a title."))
    return _board_response(request, project, form)


@login_required
@require_POST
@ratelimit(key="user", rate="300/h", method="POST", block=True)
def task_move(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = selectors.get_task_for_user(viewer=request.user, task_id=task_id, write=True)
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        services.update_task(task=task, by=request.user, status=form.cleaned_data["status"])
    elif not getattr(request, "htmx", False):
        messages.error(request, _("Choose to do, doing or done."))
    return _board_response(request, task.project)


# --- offers ----------


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in Offer.Kind.values else ""
    q = request.GET.get("q", "")[:60]
    rows = selectors.list_offers(kind=kind, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/offers.html",
        {"page": page, "kind": kind, "q": q, "kinds": Offer.Kind.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            offer = services.create_offer(
                by=request.user, topics=list(data.pop("topics")),
                domains=list(data.pop("domains")), **data,
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Offer posted."))
            return redirect(offer.get_absolute_url())
    return render(request, "projects/offer_form.html", {"form": form})


@require_GET
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = selectors.get_offer(slug=slug)
    is_offerer = request.user.is_authenticated and offer.offered_by_id == request.user.pk
    mine = list(
        selectors.maintained_projects(user=request.user).prefetch_related("topics", "domains")
    )
    applied = {a.project_id for a in offer.applications.filter(project__in=mine)}
    eligible = [p for p in mine if p.pk not in applied]
    context = {
        "offer": offer,
        "is_offerer": is_offerer,
        "applications": selectors.offer_applications(offer=offer, viewer=request.user),
        "apply_form": forms.OfferApplyForm(projects=eligible) if eligible else None,
        "my_fits": [(p, matching.offer_fit(offer=offer, project=p)) for p in eligible],
        "ranked_projects": matching.projects_for_offer(offer=offer, viewer=request.user)
        if is_offerer
        else [],
    }
    return render(request, "projects/offer_detail.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def offer_apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    offer = selectors.get_offer(slug=slug)
    projects = list(selectors.maintained_projects(user=request.user))
    form = forms.OfferApplyForm(request.POST, projects=projects)
    if not form.is_valid():
        messages.error(request, _("Choose one of your projects and make your case."))
    else:
        project = selectors.get_project_for_user(
            viewer=request.user, slug=form.cleaned_data["project"], write=True
        )
        try:
            services.apply_to_offer(
                offer=offer, project=project, by=request.user, case=form.cleaned_data["case"]
            )
            messages.success(request, _("Application sent to the offerer."))
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
    return redirect(offer.get_absolute_url())


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def offer_application_decide(
    request: AuthenticatedHttpRequest, application_id: int
) -> HttpResponse:
    application = selectors.get_offer_application_for_user(
        viewer=request.user, application_id=application_id
    )
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.withdraw_offer_application(application=application, by=request.user)
        elif action in ("shortlisted", "accepted", "declined"):
            services.decide_offer_application(
                application=application, by=request.user, status=action
            )
        else:
            raise ValidationError({"action": _("Choose shortlist, accept or decline.")})
        messages.success(request, _("Application updated."))
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    return redirect(application.offer.get_absolute_url() + "#applications")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def offer_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    offer = selectors.get_offer(slug=slug)
    try:
        services.set_offer_status(
            offer=offer, by=request.user, is_open=request.POST.get("open") == "1"
        )
    except PermissionDenied as exc:
        _flash_error(request, exc)
    return redirect(offer.get_absolute_url())


@require_GET
def project_offers(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(viewer=request.user, slug=slug)
    return render(
        request,
        "projects/project_offers.html",
        {
            "project": project,
            "ranked": matching.offers_for_project(project=project, limit=20),
            "is_maintainer": selectors.is_maintainer(project=project, viewer=request.user),
        },
    )


# --- team formation ----------


def _formation_projects(user: Any) -> list[Project]:
    return list(selectors.maintained_projects(user=user).filter(open_role_count__gt=0))


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def formation(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = _formation_projects(request.user)
    form = forms.FormationForm(request.POST or None, request.FILES or None, projects=projects)
    context: dict[str, Any] = {"form": form, "projects": projects}
    if request.method == "POST" and form.is_valid():
        handles = form.cleaned_data["handles"]
        users = list(
            get_user_model()
            .objects.filter(handle__in=handles, is_active=True)
            .select_related("profile")
            .order_by("handle")
        )
        found = {u.handle.lower() for u in users}
        chosen = [p for p in projects if p.slug in form.cleaned_data["projects"]]
        roles = []
        for project in chosen:
            for role in project.roles.filter(status="open").prefetch_related("skills__topic"):
                role.filled = role.memberships.count()  # type: ignore[attr-defined]
                roles.append(role)
        member_ids = set(
            Membership.objects.filter(project__in=chosen).values_list("user_id", flat=True)
        )
        pool = [u for u in users if u.pk not in member_ids]
        context.update(
            proposal=matching.form_teams(roles=roles, users=pool),
            participants=pool,
            unknown=[h for h in handles if h.lower() not in found],
        )
    return render(request, "projects/formation.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def formation_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The adjusted assignment: fields slot-<n> = "<role id>:<user id or empty>"."""
    picks = []
    user_model = get_user_model()
    for key, value in request.POST.items():
        if not key.startswith("slot-") or ":" not in value:
            continue
        role_id, _sep, user_id = value.partition(":")
        if not user_id:
            continue
        try:
            role = selectors.get_role_for_user(
                viewer=request.user, role_id=int(role_id), write=True
            )
            user = get_object_or_404(user_model, pk=int(user_id), is_active=True)
        except ValueError:
            continue
        picks.append((role, user))
    try:
        sent = services.invite_formation(
            by=request.user, picks=picks, message=request.POST.get("message", "")[:2000]
        )
        messages.success(request, _("%(count)d invitations sent.") % {"count": len(sent)})
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    return redirect("projects:formation")


# --- sections on other pages ----------


def profile_section(request: Any, member: Any) -> tuple[str, dict[str, Any]] | None:
    rows = selectors.profile_projects(member=member, viewer=request.user)
    if not rows:
        return None
    return "projects/partials/section_profile.html", {"memberships": rows, "member": member}


HOME_MATCHES_SECONDS = 600


def home_aside(request: Any) -> tuple[str, dict[str, Any]] | None:
    """ "Projects that need your skills" on the home page.

    Ranking every open role costs ~0.2 s at 10k members, so the ranking (ids, scores, reasons) is
    cached per member and language; the roles themselves are re-read with the visibility check,
    so a role that closed or a project that turned private drops out at once.
    """
    from django.core.cache import cache
    from django.utils.translation import get_language

    if not request.user.is_authenticated:
        return None
    key = f"projects:home-matches:{request.user.pk}:{get_language()}"
    ranked = cache.get(key)
    if ranked is None:
        found = matching.roles_for_member(user=request.user, limit=4)
        ranked = [(m.role.pk, m.score, m.reasons) for m in found]
        cache.set(key, ranked, HOME_MATCHES_SECONDS)
    if not ranked:
        return None
    roles = Role.objects.filter(pk__in=[row[0] for row in ranked], status=Role.Status.OPEN).filter(
        selectors.visible_projects_q(request.user, prefix="project__")
    )
    by_id = {role.pk: role for role in roles.select_related("project")}
    matches = [
        matching.RoleMatch(role=by_id[pk], score=score, reasons=reasons)
        for pk, score, reasons in ranked
        if pk in by_id
    ]
    if not matches:
        return None
    return "projects/partials/section_for_you.html", {"matches": matches}


def topic_section(request: Any, topic: Topic) -> tuple[str, dict[str, Any]] | None:
    filters = selectors.ProjectFilters(
        domain=topic.slug if topic.kind == Topic.Kind.DOMAIN else "",
        topic=topic.slug if topic.kind == Topic.Kind.SKILL else "",
    )
    # Topic sections are cached per language and audience, not per member: no private projects.
    rows = list(
        selectors.list_projects(viewer=request.user, filters=filters).exclude(
            visibility=Project.Visibility.PRIVATE
        )[:5]
    )
    if not rows:
        return None
    return "projects/partials/section_topic.html", {"projects": rows, "topic": topic}


__all__ = ["Application", "OfferApplication"]
