"""Reads and the one access check per object type.

A private project does not exist for anyone outside its team: every lookup of it, or of anything
hanging off it (roles, applications, invitations, milestones, tasks, offer applications), answers
404 to them, so nobody learns that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from aitalent.core.models import Topic
from aitalent.projects.models import (
    Application,
    Invitation,
    Membership,
    Milestone,
    Offer,
    OfferApplication,
    Project,
    Role,
    RoleSkill,
    Task,
)


def _member(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def visible_projects_q(viewer: Any, *, prefix: str = "") -> Q:
    """Projects the viewer may know about (the list form of `get_project_for_user`)."""
    public = Q(**{f"{prefix}visibility": Project.Visibility.PUBLIC})
    if not _member(viewer):
        return public
    mine = Membership.objects.filter(user_id=viewer.pk).values("project_id")
    return (
        public
        | Q(**{f"{prefix}visibility": Project.Visibility.MEMBERS})
        | Q(**{f"{prefix}pk__in" if not prefix else f"{prefix}id__in": mine})
    )


def membership_of(*, project: Project, viewer: Any) -> Membership | None:
    if not _member(viewer):
        return None
    cache = getattr(project, "_membership_cache", {})
    if viewer.pk not in cache:
        cache[viewer.pk] = project.memberships.filter(user_id=viewer.pk).first()
        project._membership_cache = cache  # type: ignore[attr-defined]
    return cache[viewer.pk]


def can_see(*, project: Project, viewer: Any) -> bool:
    if project.visibility == Project.Visibility.PUBLIC:
        return True
    if not _member(viewer):
        return False
    if project.visibility == Project.Visibility.MEMBERS:
        return True
    return membership_of(project=project, viewer=viewer) is not None


def is_maintainer(*, project: Project, viewer: Any) -> bool:
    membership = membership_of(project=project, viewer=viewer)
    return membership is not None and membership.is_maintainer


def is_team_member(*, project: Project, viewer: Any) -> bool:
    return membership_of(project=project, viewer=viewer) is not None


def _project_base() -> QuerySet[Project]:
    return Project.objects.select_related("created_by").prefetch_related("topics", "domains")


def get_project_for_user(
    *, viewer: Any, slug: str = "", project_id: int | None = None, write: bool = False
) -> Project:
    """The one access check for projects: private → 404 outside the team; write → maintainers."""
    lookup = {"pk": project_id} if project_id is not None else {"slug": slug}
    project = get_object_or_404(_project_base(), **lookup)
    if not can_see(project=project, viewer=viewer):
        raise Http404
    if write and not is_maintainer(project=project, viewer=viewer):
        raise PermissionDenied
    return project


def get_role_for_user(*, viewer: Any, role_id: int, write: bool = False) -> Role:
    role = get_object_or_404(
        Role.objects.select_related("project").prefetch_related("skills__topic"), pk=role_id
    )
    project = role.project
    if not can_see(project=project, viewer=viewer):
        raise Http404
    if write and not is_maintainer(project=project, viewer=viewer):
        raise PermissionDenied
    return role


def get_application_for_user(*, viewer: Any, application_id: int) -> Application:
    """Applicants see their own applications; the project's maintainers see all of them."""
    row = get_object_or_404(
        Application.objects.select_related("role__project", "applicant"), pk=application_id
    )
    if not _member(viewer):
        raise Http404
    if row.applicant_id == viewer.pk:
        return row
    if is_maintainer(project=row.role.project, viewer=viewer):
        return row
    raise Http404


def get_invitation_for_user(*, viewer: Any, invitation_id: int) -> Invitation:
    row = get_object_or_404(
        Invitation.objects.select_related("project", "role", "invitee", "invited_by"),
        pk=invitation_id,
    )
    if _member(viewer) and (
        row.invitee_id == viewer.pk or is_maintainer(project=row.project, viewer=viewer)
    ):
        return row
    raise Http404


def get_membership_for_user(*, viewer: Any, membership_id: int) -> Membership:
    row = get_object_or_404(
        Membership.objects.select_related("project", "user", "role"), pk=membership_id
    )
    if not can_see(project=row.project, viewer=viewer):
        raise Http404
    return row


def get_milestone_for_user(*, viewer: Any, milestone_id: int, write: bool = False) -> Milestone:
    row = get_object_or_404(Milestone.objects.select_related("project"), pk=milestone_id)
    if not can_see(project=row.project, viewer=viewer):
        raise Http404
    if write and not is_maintainer(project=row.project, viewer=viewer):
        raise PermissionDenied
    return row


def get_task_for_user(*, viewer: Any, task_id: int, write: bool = False) -> Task:
    """Tasks are read by whoever sees the project and updated by its team members."""
    row = get_object_or_404(
        Task.objects.select_related("project", "assignee", "milestone"), pk=task_id
    )
    if not can_see(project=row.project, viewer=viewer):
        raise Http404
    if write and not is_team_member(project=row.project, viewer=viewer):
        raise PermissionDenied
    return row


def get_offer(*, slug: str = "", offer_id: int | None = None) -> Offer:
    """Offers are public listings: posting one is asking projects to apply."""
    lookup = {"pk": offer_id} if offer_id is not None else {"slug": slug}
    return get_object_or_404(
        Offer.objects.select_related("offered_by").prefetch_related("topics", "domains"), **lookup
    )


def get_offer_application_for_user(*, viewer: Any, application_id: int) -> OfferApplication:
    """Visible to the offerer and the applying project's team only."""
    row = get_object_or_404(
        OfferApplication.objects.select_related("offer", "project", "applied_by"),
        pk=application_id,
    )
    if _member(viewer) and (
        row.offer.offered_by_id == viewer.pk or is_team_member(project=row.project, viewer=viewer)
    ):
        return row
    raise Http404


def resolve_project(user: Any, target_id: int) -> Project:
    return get_project_for_user(viewer=user, project_id=target_id)


def can_see_project_id(viewer: Any, project_id: int) -> bool:
    project = Project.objects.filter(pk=project_id).first()
    return project is not None and can_see(project=project, viewer=viewer)


def project_url(project_id: int) -> str:
    slug = Project.objects.filter(pk=project_id).values_list("slug", flat=True).first()
    return Project(slug=slug or "missing").get_absolute_url()


# --- lists ----------


@dataclass
class ProjectFilters:
    q: str = ""
    topic: str = ""
    domain: str = ""
    stage: str = ""
    skill: str = ""
    open_roles: bool = False


def _open_roles_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "roles",
        queryset=Role.objects.filter(status=Role.Status.OPEN).prefetch_related("skills__topic"),
        to_attr="open_roles",
    )


def list_projects(*, viewer: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    filters = filters or ProjectFilters()
    rows = _project_base().filter(visible_projects_q(viewer))
    if filters.q:
        rows = rows.filter(
            Q(name__icontains=filters.q)
            | Q(pitch__icontains=filters.q)
            | Q(problem__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    if filters.topic:
        rows = rows.filter(
            Exists(Project.topics.through.objects.filter(
                project_id=OuterRef("pk"), topic__slug=filters.topic
            ))
        )  # fmt: skip
    if filters.domain:
        rows = rows.filter(
            Exists(Project.domains.through.objects.filter(
                project_id=OuterRef("pk"), topic__slug=filters.domain
            ))
        )  # fmt: skip
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.open_roles:
        rows = rows.filter(open_role_count__gt=0)
    if filters.skill:
        rows = rows.filter(
            Exists(RoleSkill.objects.filter(
                role__project_id=OuterRef("pk"),
                role__status=Role.Status.OPEN,
                topic__slug=filters.skill,
            ))
        )  # fmt: skip
    return rows.prefetch_related(_open_roles_prefetch()).order_by("-updated_at", "id")


def project_roles(*, project: Project) -> list[Role]:
    return list(
        project.roles.prefetch_related("skills__topic")
        .annotate(
            member_count=Count("memberships", distinct=True),
            pending_count=Count(
                "applications",
                filter=Q(applications__status=Application.Status.PENDING),
                distinct=True,
            ),
        )
        .order_by("status", "created_at")
    )


def team(*, project: Project) -> list[Membership]:
    return list(project.memberships.select_related("user", "role").order_by("-kind", "created_at"))


def milestones_with_progress(*, project: Project) -> list[Milestone]:
    rows = list(
        project.milestones.annotate(
            task_total=Count("tasks"),
            task_done=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
        )
    )
    for row in rows:
        row.progress = round(100 * row.task_done / row.task_total) if row.task_total else 0  # type: ignore[attr-defined]
    return rows


def board(*, project: Project) -> dict[str, list[Task]]:
    columns: dict[str, list[Task]] = {status: [] for status in Task.Status.values}
    for task in project.tasks.select_related("assignee", "milestone"):
        columns[task.status].append(task)
    return columns


def timeline(*, project: Project, limit: int = 30) -> list[Any]:
    return list(project.timeline.select_related("actor")[:limit])


def accepted_offers(*, project: Project) -> list[OfferApplication]:
    return list(
        project.offer_applications.filter(status=OfferApplication.Status.ACCEPTED).select_related(
            "offer"
        )
    )


def pending_applications(*, project: Project) -> list[Application]:
    return list(
        Application.objects.filter(role__project=project, status=Application.Status.PENDING)
        .select_related("applicant__profile", "role__project")
        .prefetch_related("role__skills__topic")
    )


def pending_invitations(*, project: Project) -> list[Invitation]:
    return list(
        project.invitations.filter(status=Invitation.Status.PENDING).select_related(
            "invitee", "role"
        )
    )


def my_applications(*, user: Any) -> QuerySet[Application]:
    return Application.objects.filter(applicant_id=user.pk).select_related("role__project")


def my_invitations(*, user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(invitee_id=user.pk).select_related(
        "project", "role", "invited_by"
    )


def my_projects(*, user: Any) -> QuerySet[Project]:
    return Project.objects.filter(memberships__user_id=user.pk).order_by("-updated_at")


def maintained_projects(*, user: Any) -> QuerySet[Project]:
    if not _member(user):
        return Project.objects.none()
    return Project.objects.filter(
        memberships__user_id=user.pk, memberships__kind=Membership.Kind.MAINTAINER
    ).order_by("name")


def list_offers(*, kind: str = "", q: str = "", include_closed: bool = False) -> QuerySet[Offer]:
    rows = Offer.objects.select_related("offered_by").prefetch_related("topics", "domains")
    if not include_closed:
        today = timezone.localdate()
        rows = rows.filter(status=Offer.Status.OPEN).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        )
    if kind:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return rows.order_by("-created_at")


def offer_applications(*, offer: Offer, viewer: Any) -> list[OfferApplication]:
    """All applications for the offerer; the viewer's own projects' applications otherwise."""
    rows = offer.applications.select_related("project", "applied_by")
    if not _member(viewer):
        return []
    if offer.offered_by_id != viewer.pk:
        rows = rows.filter(project__memberships__user_id=viewer.pk)
    return list(rows)


def skill_demand(*, viewer: Any, limit: int = 30) -> list[dict[str, Any]]:
    """The most wanted skills across open roles of the projects the viewer can see."""
    rows = (
        RoleSkill.objects.filter(role__status=Role.Status.OPEN)
        .filter(visible_projects_q(viewer, prefix="role__project__"))
        .values("topic_id")
        .annotate(
            roles=Count("role", distinct=True), projects=Count("role__project", distinct=True)
        )
        .order_by("-roles", "topic_id")[:limit]
    )
    rows = list(rows)
    topics = Topic.objects.in_bulk([r["topic_id"] for r in rows])
    return [{**r, "topic": topics[r["topic_id"]]} for r in rows if r["topic_id"] in topics]


def skill_choices() -> QuerySet[Topic]:
    return Topic.objects.filter(kind=Topic.Kind.SKILL).order_by("name_en")


def domain_choices() -> QuerySet[Topic]:
    return Topic.objects.filter(kind=Topic.Kind.DOMAIN).order_by("name_en")


def profile_projects(*, member: Any, viewer: Any, limit: int = 12) -> list[Membership]:
    return list(
        Membership.objects.filter(user_id=member.pk)
        .filter(visible_projects_q(viewer, prefix="project__"))
        .select_related("project", "role")
        .order_by("-created_at")[:limit]
    )
