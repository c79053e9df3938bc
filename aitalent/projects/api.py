"""REST API: projects, roles, applications, invitations, memberships, milestones, tasks, offers
and offer applications. Every lookup goes through the selectors' access checks (private → 404)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination, WriteRateThrottle
from aitalent.core.models import Topic
from aitalent.projects import matching, selectors, services
from aitalent.projects.models import (
    Application,
    Invitation,
    Membership,
    Milestone,
    Offer,
    OfferApplication,
    Project,
    Stage,
    Task,
)


class ApplyThrottle(UserRateThrottle):
    """Applications, invitations and offers: a tighter per-member budget than other writes."""

    scope = "projects_apply"
    rate = "30/hour"

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


STRICT = [WriteRateThrottle, ApplyThrottle]


@extend_schema_field({"type": "string", "description": "A value from the documented list"})
class PlainChoiceField(serializers.ChoiceField):
    """Choices described without an enum (status/kind enums of other apps would collide)."""


@extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Topic slugs"})
class SlugListField(serializers.Field):
    def to_representation(self, value: Any) -> list[str]:
        return [topic.slug for topic in value.all()]


def _choice(choices: Any, **kwargs: Any) -> PlainChoiceField:
    return PlainChoiceField(choices=choices, **kwargs)


def _topics_field(kind: str, **kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.filter(kind=kind), many=True, required=False,
        **kwargs,
    )  # fmt: skip


class SkillNeedSerializer(serializers.Serializer):
    skill = serializers.CharField()
    min_level = serializers.IntegerField(min_value=1, max_value=5)


class RoleOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    slots = serializers.IntegerField()
    hours_per_week = serializers.IntegerField()
    is_remote = serializers.BooleanField()
    location = serializers.CharField()
    status = serializers.CharField()
    skills = serializers.SerializerMethodField()

    def get_skills(self, role: Any) -> list[dict[str, Any]]:
        return [{"skill": s.topic.slug, "min_level": s.min_level} for s in role.skills.all()]

    class Meta:
        ref_name = "ProjectRole"


RoleOutputSerializer.get_skills = extend_schema_field(SkillNeedSerializer(many=True))(  # type: ignore[method-assign]
    RoleOutputSerializer.get_skills
)


class ProjectOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    pitch = serializers.CharField()
    problem = serializers.CharField()
    description = serializers.CharField()
    media_links = serializers.ListField(child=serializers.CharField())
    repository_url = serializers.CharField()
    demo_url = serializers.CharField()
    topics = SlugListField(read_only=True)
    domains = SlugListField(read_only=True)
    stage = serializers.CharField()
    visibility = serializers.CharField()
    organisation = serializers.CharField()
    language = serializers.CharField()
    timezone = serializers.CharField()
    open_role_count = serializers.IntegerField()
    member_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    url_on_site = serializers.CharField(source="get_absolute_url")

    class Meta:
        ref_name = "ProjectsProject"


class ProjectInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    pitch = serializers.CharField(max_length=200)
    problem = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    media_links = serializers.ListField(
        child=serializers.URLField(max_length=300), required=False, max_length=8
    )
    repository_url = serializers.URLField(max_length=300, required=False, allow_blank=True)
    demo_url = serializers.URLField(max_length=300, required=False, allow_blank=True)
    topics = _topics_field(Topic.Kind.SKILL)
    domains = _topics_field(Topic.Kind.DOMAIN)
    stage = _choice(Stage.choices, required=False)
    visibility = _choice(Project.Visibility.choices, required=False)
    organisation = serializers.CharField(max_length=120, required=False, allow_blank=True)
    language = _choice([("en", "English"), ("zh-hans", "Chinese")], required=False)
    timezone = serializers.CharField(max_length=64, required=False)


class ProjectListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = STRICT

    class Pagination(CursorPagination):
        ordering = ("-updated_at", "id")

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("q", "topic", "domain", "stage", "skill", "open")
        ],
        responses={200: ProjectOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.ProjectFilters(
            q=params.get("q", "")[:60], topic=params.get("topic", "")[:60],
            domain=params.get("domain", "")[:60], stage=params.get("stage", "")[:20],
            skill=params.get("skill", "")[:60], open_roles=params.get("open") in ("1", "true"),
        )  # fmt: skip
        rows = selectors.list_projects(viewer=request.user, filters=filters)
        paginator = self.Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ProjectOutputSerializer(page, many=True).data)

    @extend_schema(request=ProjectInputSerializer, responses={201: ProjectOutputSerializer})
    def post(self, request: Request) -> Response:
        payload = ProjectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.create_project(creator=request.user, **payload.validated_data)
        return Response(ProjectOutputSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: ProjectOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        return Response(ProjectOutputSerializer(project).data)

    @extend_schema(
        request=ProjectInputSerializer(partial=True), responses={200: ProjectOutputSerializer}
    )
    def patch(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        payload = ProjectInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("stage", None)  # the stage moves through ProjectStageApi (dated history)
        project = services.update_project(project=project, by=request.user, **data)
        return Response(ProjectOutputSerializer(project).data)


class ProjectStageApi(APIView):
    class InputSerializer(serializers.Serializer):
        stage = _choice(Stage.choices)

    class OutputSerializer(serializers.Serializer):
        stage = serializers.CharField()
        history = serializers.ListField(child=serializers.DictField())

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.set_stage(project=project, by=request.user, **payload.validated_data)
        history = [{"stage": c.stage, "at": c.created_at.isoformat()}
                   for c in project.stage_changes.all()]  # fmt: skip
        return Response({"stage": project.stage, "history": history})


class RoleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    skills = SkillNeedSerializer(many=True)
    slots = serializers.IntegerField(min_value=1, max_value=20, default=1)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=80, default=10)
    is_remote = serializers.BooleanField(default=True)
    location = serializers.CharField(max_length=120, required=False, allow_blank=True)

    def validate_skills(self, value: list[dict[str, Any]]) -> list[tuple[Topic, int]]:
        topics = Topic.objects.in_bulk([v["skill"] for v in value], field_name="slug")
        missing = [v["skill"] for v in value if v["skill"] not in topics]
        if missing:
            raise serializers.ValidationError(
                f"Unknown skill slug(s): {', '.join(missing)}. Use slugs from /api/v1/topics/."
            )
        return [(topics[v["skill"]], v["min_level"]) for v in value]


class RoleListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: RoleOutputSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        return Response(
            RoleOutputSerializer(selectors.project_roles(project=project), many=True).data
        )

    @extend_schema(request=RoleInputSerializer, responses={201: RoleOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        payload = RoleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        role = services.create_role(project=project, by=request.user, **payload.validated_data)
        return Response(RoleOutputSerializer(role).data, status=status.HTTP_201_CREATED)


class RoleDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        is_open = serializers.BooleanField()

    @extend_schema(responses={200: RoleOutputSerializer})
    def get(self, request: Request, role_id: int) -> Response:
        role = selectors.get_role_for_user(viewer=request.user, role_id=role_id)
        return Response(RoleOutputSerializer(role).data)

    @extend_schema(request=InputSerializer, responses={200: RoleOutputSerializer})
    def patch(self, request: Request, role_id: int) -> Response:
        role = selectors.get_role_for_user(viewer=request.user, role_id=role_id, write=True)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        role = services.set_role_status(role=role, by=request.user, **payload.validated_data)
        return Response(RoleOutputSerializer(role).data)


class MatchSerializer(serializers.Serializer):
    handle = serializers.CharField(source="user.handle")
    name = serializers.CharField(source="user.name")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class RoleCandidatesApi(APIView):
    """Find people for this role (maintainers): ranked members with their reasons."""

    @extend_schema(responses={200: MatchSerializer(many=True)})
    def get(self, request: Request, role_id: int) -> Response:
        role = selectors.get_role_for_user(viewer=request.user, role_id=role_id, write=True)
        matches = matching.candidates_for_role(role=role, viewer=request.user)
        return Response(MatchSerializer(matches, many=True).data)


class ApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.IntegerField(source="role_id")
    project = serializers.CharField(source="role.project.slug")
    applicant = serializers.CharField(source="applicant.handle")
    message = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class RoleApplyApi(APIView):
    throttle_classes = STRICT

    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(max_length=2_000)

    @extend_schema(request=InputSerializer, responses={201: ApplicationOutputSerializer})
    def post(self, request: Request, role_id: int) -> Response:
        role = selectors.get_role_for_user(viewer=request.user, role_id=role_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.apply_to_role(role=role, user=request.user, **payload.validated_data)
        return Response(ApplicationOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class MyApplicationsApi(APIView):
    @extend_schema(responses={200: ApplicationOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.my_applications(user=request.user).select_related("applicant")[:100]
        return Response(ApplicationOutputSerializer(rows, many=True).data)


class ProjectApplicationsApi(APIView):
    """Applications to the project's roles, with each applicant's fit (maintainers only)."""

    class OutputSerializer(ApplicationOutputSerializer):
        fit = serializers.FloatField()
        reasons = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        operation_id="v1_projects_project_applications_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        rows = (
            Application.objects.filter(role__project=project)
            .select_related("role__project", "applicant__profile")
            .prefetch_related("role__skills__topic")[:200]
        )
        out = list(rows)
        for row, fit in zip(out, matching.applicant_fits(out), strict=True):
            row.fit, row.reasons = fit.score, fit.reasons  # type: ignore[attr-defined]
        return Response(self.OutputSerializer(out, many=True).data)


class ApplicationDecideApi(APIView):
    class InputSerializer(serializers.Serializer):
        action = _choice([("accept", "accept"), ("decline", "decline"), ("withdraw", "withdraw")])

    @extend_schema(request=InputSerializer, responses={200: ApplicationOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        row = selectors.get_application_for_user(viewer=request.user, application_id=application_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        action = payload.validated_data["action"]
        if action == "withdraw":
            row = services.withdraw_application(application=row, by=request.user)
        else:
            row = services.decide_application(
                application=row, by=request.user, accept=action == "accept"
            )
        return Response(ApplicationOutputSerializer(row).data)


class InvitationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.CharField(source="project.slug")
    project_name = serializers.CharField(source="project.name")
    role = serializers.IntegerField(source="role_id", allow_null=True)
    invitee = serializers.CharField(source="invitee.handle")
    message = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class InvitationCreateApi(APIView):
    throttle_classes = STRICT

    class InputSerializer(serializers.Serializer):
        invitee = serializers.CharField(max_length=60, help_text="The member's handle")
        role = serializers.IntegerField(required=False, allow_null=True)
        message = serializers.CharField(max_length=2_000, required=False, allow_blank=True)

    @extend_schema(
        operation_id="v1_projects_project_invitations_list",
        responses={200: InvitationOutputSerializer(many=True)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        rows = project.invitations.select_related("project", "invitee")[:200]
        return Response(InvitationOutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: InvitationOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        invitee = (
            get_user_model()
            .objects.filter(handle__iexact=data["invitee"].lstrip("@"), is_active=True)
            .first()
        )
        if invitee is None:
            raise ValidationError({"invitee": "No member has this handle."})
        role = None
        if data.get("role"):
            role = project.roles.filter(pk=data["role"]).first()
            if role is None:
                raise ValidationError({"role": "Choose a role of this project."})
        row = services.invite_member(project=project, by=request.user, invitee=invitee,
                                     role=role, message=data.get("message", ""))  # fmt: skip
        return Response(InvitationOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class MyInvitationsApi(APIView):
    @extend_schema(responses={200: InvitationOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.my_invitations(user=request.user)[:100]
        return Response(InvitationOutputSerializer(rows, many=True).data)


class InvitationRespondApi(APIView):
    class InputSerializer(serializers.Serializer):
        action = _choice([("accept", "accept"), ("decline", "decline"), ("withdraw", "withdraw")])

    @extend_schema(request=InputSerializer, responses={200: InvitationOutputSerializer})
    def post(self, request: Request, invitation_id: int) -> Response:
        row = selectors.get_invitation_for_user(viewer=request.user, invitation_id=invitation_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        action = payload.validated_data["action"]
        if action == "withdraw":
            row = services.withdraw_invitation(invitation=row, by=request.user)
        else:
            row = services.respond_to_invitation(
                invitation=row, by=request.user, accept=action == "accept"
            )
        return Response(InvitationOutputSerializer(row).data)


class MembershipOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    handle = serializers.CharField(source="user.handle")
    name = serializers.CharField(source="user.name")
    kind = serializers.CharField()
    role = serializers.CharField(source="role.title", default=None)
    delivered_at = serializers.DateTimeField(allow_null=True)


class MembershipListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: MembershipOutputSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        return Response(MembershipOutputSerializer(selectors.team(project=project), many=True).data)


class MembershipDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = _choice(Membership.Kind.choices, required=False)
        delivered = serializers.BooleanField(required=False)

    @extend_schema(request=InputSerializer, responses={200: MembershipOutputSerializer})
    def patch(self, request: Request, membership_id: int) -> Response:
        row = selectors.get_membership_for_user(viewer=request.user, membership_id=membership_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if "kind" in data:
            row = services.set_member_kind(membership=row, by=request.user, kind=data["kind"])
        if "delivered" in data:
            row = services.mark_delivered(
                membership=row, by=request.user, delivered=data["delivered"]
            )
        return Response(MembershipOutputSerializer(row).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, membership_id: int) -> Response:
        """Maintainers remove a member; a member removing themselves leaves the project."""
        row = selectors.get_membership_for_user(viewer=request.user, membership_id=membership_id)
        if row.user_id == request.user.pk:
            services.leave_project(project=row.project, user=request.user)
        else:
            services.remove_member(membership=row, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MilestoneOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    progress = serializers.IntegerField(help_text="Percent of its tasks done")


class MilestoneListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        due_on = serializers.DateField(required=False, allow_null=True)
        status = _choice(Milestone.Status.choices, default="planned")

    @extend_schema(responses={200: MilestoneOutputSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        rows = selectors.milestones_with_progress(project=project)
        return Response(MilestoneOutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MilestoneOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug, write=True)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.create_milestone(project=project, by=request.user, **payload.validated_data)
        row.progress = 0  # type: ignore[attr-defined]
        return Response(MilestoneOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    assignee = serializers.CharField(source="assignee.handle", default=None)
    milestone = serializers.IntegerField(source="milestone_id", allow_null=True)
    due_on = serializers.DateField(allow_null=True)


def _member_by_handle(project: Project, handle: str | None) -> Any:
    if not handle:
        return None
    row = project.memberships.select_related("user").filter(user__handle__iexact=handle).first()
    if row is None:
        raise ValidationError({"assignee": "Assign tasks to team members only."})
    return row.user


def _milestone(project: Project, milestone_id: int | None) -> Milestone | None:
    if not milestone_id:
        return None
    row = project.milestones.filter(pk=milestone_id).first()
    if row is None:
        raise ValidationError({"milestone": "Choose a milestone of this project."})
    return row


class TaskListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        status = _choice(Task.Status.choices, default="todo")
        assignee = serializers.CharField(required=False, allow_null=True, allow_blank=True)
        milestone = serializers.IntegerField(required=False, allow_null=True)
        due_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(responses={200: TaskOutputSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        rows = project.tasks.select_related("assignee")[:500]
        return Response(TaskOutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: TaskOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        row = services.create_task(
            project=project, by=request.user, title=data["title"], status=data["status"],
            assignee=_member_by_handle(project, data.get("assignee")),
            milestone=_milestone(project, data.get("milestone")), due_on=data.get("due_on"),
        )  # fmt: skip
        return Response(TaskOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False)
        status = _choice(Task.Status.choices, required=False)
        assignee = serializers.CharField(required=False, allow_null=True, allow_blank=True)
        milestone = serializers.IntegerField(required=False, allow_null=True)
        due_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(responses={200: TaskOutputSerializer})
    def get(self, request: Request, task_id: int) -> Response:
        return Response(
            TaskOutputSerializer(
                selectors.get_task_for_user(viewer=request.user, task_id=task_id)
            ).data
        )

    @extend_schema(request=InputSerializer, responses={200: TaskOutputSerializer})
    def patch(self, request: Request, task_id: int) -> Response:
        task = selectors.get_task_for_user(viewer=request.user, task_id=task_id, write=True)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "assignee" in data:
            data["assignee"] = _member_by_handle(task.project, data["assignee"])
        if "milestone" in data:
            data["milestone"] = _milestone(task.project, data["milestone"])
        task = services.update_task(task=task, by=request.user, **data)
        return Response(TaskOutputSerializer(task).data)


class OfferOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    amount = serializers.CharField()
    organisation = serializers.CharField()
    offered_by = serializers.CharField(source="offered_by.handle")
    topics = SlugListField(read_only=True)
    domains = SlugListField(read_only=True)
    stages = serializers.ListField(child=serializers.CharField())
    deadline = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    url_on_site = serializers.CharField(source="get_absolute_url")


class OfferListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = STRICT

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=160)
        kind = _choice(Offer.Kind.choices)
        amount = serializers.CharField(max_length=80)
        description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
        organisation = serializers.CharField(max_length=120, required=False, allow_blank=True)
        topics = _topics_field(Topic.Kind.SKILL)
        domains = _topics_field(Topic.Kind.DOMAIN)
        stages = serializers.ListField(child=_choice(Stage.choices), required=False)
        deadline = serializers.DateField(required=False, allow_null=True)

    class Pagination(CursorPagination):
        ordering = ("-created_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, required=False),
            OpenApiParameter("q", str, required=False),
        ],
        responses={200: OfferOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.list_offers(
            kind=request.query_params.get("kind", "")[:20], q=request.query_params.get("q", "")[:60]
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(OfferOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OfferOutputSerializer})
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offer = services.create_offer(by=request.user, **payload.validated_data)
        return Response(OfferOutputSerializer(offer).data, status=status.HTTP_201_CREATED)


class FitSerializer(serializers.Serializer):
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class RankedProjectSerializer(serializers.Serializer):
    project = serializers.CharField()
    name = serializers.CharField()
    fit = FitSerializer()


class OfferDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(OfferOutputSerializer):
        projects_by_fit = RankedProjectSerializer(many=True, help_text="For the offerer only")

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        offer = selectors.get_offer(slug=slug)
        data = dict(OfferOutputSerializer(offer).data)
        ranked = []
        if request.user.is_authenticated and offer.offered_by_id == request.user.pk:
            ranked = [
                {"project": p.slug, "name": p.name, "fit": {"score": f.score, "reasons": f.reasons}}
                for p, f in matching.projects_for_offer(offer=offer, viewer=request.user)
            ]
        data["projects_by_fit"] = ranked
        return Response(data)


class OfferApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offer = serializers.CharField(source="offer.slug")
    project = serializers.CharField(source="project.slug")
    project_name = serializers.CharField(source="project.name")
    case = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class OfferApplicationListApi(APIView):
    throttle_classes = STRICT

    class InputSerializer(serializers.Serializer):
        project = serializers.CharField(help_text="Slug of a project you maintain")
        case = serializers.CharField(max_length=3_000)

    @extend_schema(responses={200: OfferApplicationOutputSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        offer = selectors.get_offer(slug=slug)
        rows = selectors.offer_applications(offer=offer, viewer=request.user)
        return Response(OfferApplicationOutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OfferApplicationOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        offer = selectors.get_offer(slug=slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = selectors.get_project_for_user(
            viewer=request.user, slug=payload.validated_data["project"], write=True
        )
        row = services.apply_to_offer(offer=offer, project=project, by=request.user,
                                      case=payload.validated_data["case"])  # fmt: skip
        return Response(OfferApplicationOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class OfferApplicationDecideApi(APIView):
    class InputSerializer(serializers.Serializer):
        action = _choice(
            [(s, s) for s in ("shortlisted", "accepted", "declined", "withdraw")],
            help_text="shortlisted / accepted / declined (offerer) or withdraw (project)",
        )

    @extend_schema(request=InputSerializer, responses={200: OfferApplicationOutputSerializer})
    def post(self, request: Request, application_id: int) -> Response:
        row = selectors.get_offer_application_for_user(
            viewer=request.user, application_id=application_id
        )
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        action = payload.validated_data["action"]
        if action == "withdraw":
            row = services.withdraw_offer_application(application=row, by=request.user)
        else:
            row = services.decide_offer_application(application=row, by=request.user, status=action)
        return Response(OfferApplicationOutputSerializer(row).data)


class ProjectOffersApi(APIView):
    """Open offers ranked by eligibility fit for this project."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    class OutputSerializer(serializers.Serializer):
        offer = OfferOutputSerializer()
        fit = FitSerializer()

    @extend_schema(
        operation_id="v1_projects_project_offers_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, slug: str) -> Response:
        project = selectors.get_project_for_user(viewer=request.user, slug=slug)
        ranked = matching.offers_for_project(project=project, limit=20)
        data = [{"offer": o, "fit": {"score": f.score, "reasons": f.reasons}} for o, f in ranked]
        return Response(self.OutputSerializer(data, many=True).data)


class SkillDemandApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        skill = serializers.CharField(source="topic.slug")
        name = serializers.CharField(source="topic.name")
        roles = serializers.IntegerField()
        projects = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.skill_demand(viewer=request.user, limit=50)
        return Response(self.OutputSerializer(rows, many=True).data)


__all__ = ["Invitation", "OfferApplication", "get_object_or_404"]
