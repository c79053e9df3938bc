"""REST API: enough for a participant's script to join, download, submit, poll and pick finals."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.competitions import selectors, services, storage
from aitalent.competitions.models import Competition, DataFile, MergeRequest, Submission, Team
from aitalent.core.api import CursorPagination


class CompetitionOutputSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    host = serializers.CharField(source="host.handle", default=None)
    higher_is_better = serializers.BooleanField()
    url_on_site = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Competition
        fields = [
            "slug",
            "title",
            "summary",
            "host",
            "topics",
            "starts_at",
            "entry_deadline_at",
            "ends_at",
            "metric",
            "k",
            "higher_is_better",
            "expected_columns",
            "truth_rows",
            "daily_limit",
            "total_limit",
            "max_team_size",
            "max_upload_mb",
            "participant_count",
            "team_count",
            "url_on_site",
        ]
        ref_name = "CompetitionsCompetition"


class CompetitionDetailSerializer(CompetitionOutputSerializer):
    class Meta(CompetitionOutputSerializer.Meta):
        fields = [
            *CompetitionOutputSerializer.Meta.fields,
            "overview",
            "data_description",
            "evaluation_description",
            "rules",
            "prizes",
        ]
        ref_name = "CompetitionsCompetitionDetail"


class FileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DataFile
        fields = ["id", "kind", "name", "size", "download_url"]
        ref_name = "CompetitionsFile"

    def get_download_url(self, obj: DataFile) -> str:
        from django.urls import reverse

        return reverse("competitions-api:file-download", args=[obj.competition.slug, obj.pk])


class SubmissionSerializer(serializers.ModelSerializer):
    """`private_score` is null until the private leaderboard is revealed (hosts always see it)."""

    id = serializers.UUIDField(source="public_id")
    error = serializers.CharField()
    private_score = serializers.SerializerMethodField()
    team = serializers.CharField(source="team.name", default=None)

    class Meta:
        model = Submission
        fields = [
            "id",
            "team",
            "status",
            "public_score",
            "private_score",
            "error",
            "description",
            "file_name",
            "is_final",
            "is_late",
            "is_host",
            "created_at",
            "scored_at",
        ]
        ref_name = "CompetitionsSubmission"

    def get_private_score(self, obj: Submission) -> float | None:
        if self.context.get("private"):
            return obj.private_score
        return None


class MemberSerializer(serializers.Serializer):
    handle = serializers.CharField()
    name = serializers.CharField(source="display_name")


class TeamSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "name", "member_count", "medal", "private_rank", "write_up_url", "members"]
        ref_name = "CompetitionsTeam"

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj: Team) -> list[dict[str, str]]:
        return [
            {"handle": p.user.handle, "name": p.user.display_name}
            for p in obj.members.select_related("user")
        ]


class MergeRequestSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name")
    target = serializers.CharField(source="target.name")

    class Meta:
        model = MergeRequest
        fields = ["id", "source", "target", "is_invitation", "status", "created_at"]
        ref_name = "CompetitionsMergeRequest"


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    team = serializers.CharField(source="name")
    team_id = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField()
    entries = serializers.IntegerField()
    is_baseline = serializers.BooleanField()
    public_rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)
    medal = serializers.CharField()
    members = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, row: selectors.Row) -> list[str]:
        return [m.handle for m in row.members]


def _competition(request: Request, slug: str) -> Competition:
    return selectors.get_competition_for_user(user=request.user, slug=slug)


class CompetitionListApi(APIView):
    permission_classes = [AllowAny]

    class Pagination(CursorPagination):
        ordering = ("-ends_at", "id")

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("q", "topic", "domain", "state")
        ],
        responses={200: CompetitionOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.Filters(
            q=params.get("q", "")[:80],
            topic=params.get("topic", "")[:60],
            domain=params.get("domain", "")[:60],
            state=params.get("state", "")[:10],
        )
        rows = selectors.list_competitions(user=request.user, filters=filters)
        paginator = self.Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(CompetitionOutputSerializer(page, many=True).data)


class CompetitionDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: CompetitionDetailSerializer})
    def get(self, request: Request, slug: str) -> Response:
        return Response(CompetitionDetailSerializer(_competition(request, slug)).data)


class ParticipationSerializer(serializers.Serializer):
    status = serializers.CharField()
    team = TeamSerializer(allow_null=True)
    files = FileSerializer(many=True)


class CompetitionJoinApi(APIView):
    class InputSerializer(serializers.Serializer):
        accept_rules = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={201: ParticipationSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        participant = services.join(
            competition=competition,
            user=request.user,
            accept_rules=payload.validated_data["accept_rules"],
        )
        active = participant.status == participant.Status.ACTIVE
        files = list(competition.files.select_related("competition")) if active else []
        data = {"status": participant.status, "team": participant.team, "files": files}
        return Response(ParticipationSerializer(data).data, status=status.HTTP_201_CREATED)


class FileListApi(APIView):
    @extend_schema(responses={200: FileSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        if not selectors.can_download(competition=competition, user=request.user):
            raise NotFound()
        files = competition.files.select_related("competition")
        return Response(FileSerializer(files, many=True).data)


class FileDownloadApi(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: Request, slug: str, file_id: int) -> HttpResponse:
        competition = _competition(request, slug)
        if not selectors.can_download(competition=competition, user=request.user):
            raise NotFound()
        data_file = competition.files.filter(pk=file_id).first()
        if data_file is None:
            raise NotFound()
        return FileResponse(
            open(storage.path(data_file.storage_name), "rb"),  # noqa: SIM115 - closed by Django
            as_attachment=True,
            filename=data_file.name,
        )


class SubmissionListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        description = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(responses={200: SubmissionSerializer(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        participant = selectors.get_participant(competition=competition, user=request.user)
        rows = selectors.list_submissions(
            competition=competition, team=participant.team if participant else None
        )[:200]
        private = selectors.can_see_private(competition=competition, user=request.user)
        return Response(SubmissionSerializer(rows, many=True, context={"private": private}).data)

    @extend_schema(request=InputSerializer, responses={202: SubmissionSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        limit = competition.max_upload_mb * 1024 * 1024
        content = upload.read(limit + 1)
        submission = services.submit(
            competition=competition,
            user=request.user,
            content=content,
            file_name=upload.name or "submission.csv",
            description=payload.validated_data.get("description", ""),
        )
        private = selectors.can_see_private(competition=competition, user=request.user)
        return Response(
            SubmissionSerializer(submission, context={"private": private}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class SubmissionDetailApi(APIView):
    @extend_schema(responses={200: SubmissionSerializer})
    def get(self, request: Request, public_id: str) -> Response:
        submission = selectors.get_submission_for_user(user=request.user, public_id=public_id)
        private = selectors.can_see_private(competition=submission.competition, user=request.user)
        return Response(SubmissionSerializer(submission, context={"private": private}).data)


class LeaderboardApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("private", bool, required=False)],
        responses={200: LeaderboardRowSerializer(many=True)},
    )
    def get(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        private = request.query_params.get("private") in ("1", "true")
        if private and not selectors.can_see_private(competition=competition, user=request.user):
            raise NotFound("The private leaderboard is revealed when the competition ends.")
        rows = selectors.leaderboard(competition, private=private)
        return Response(LeaderboardRowSerializer(rows, many=True).data)


class FinalsApi(APIView):
    parser_classes = [JSONParser, FormParser]

    class InputSerializer(serializers.Serializer):
        submissions = serializers.ListField(child=serializers.UUIDField(), max_length=2)

    @extend_schema(request=InputSerializer, responses={200: SubmissionSerializer(many=True)})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        chosen = services.select_finals(
            competition=competition,
            by=request.user,
            public_ids=payload.validated_data["submissions"],
        )
        return Response(SubmissionSerializer(chosen, many=True).data)


class TeamApi(APIView):
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=80)

    class OutputSerializer(serializers.Serializer):
        team = TeamSerializer()
        incoming = MergeRequestSerializer(many=True)
        outgoing = MergeRequestSerializer(many=True)

    def _data(self, competition: Competition, request: Request) -> dict[str, Any]:
        participant = selectors.get_active_participant(competition=competition, user=request.user)
        if participant is None or participant.team is None:
            raise NotFound("Join the competition first.")
        team = participant.team
        pending = MergeRequest.objects.filter(status=MergeRequest.Status.PENDING).select_related(
            "source", "target"
        )
        incoming = [
            r
            for r in pending.filter(competition=competition)
            if (r.is_invitation and r.source_id == team.pk)
            or (not r.is_invitation and r.target_id == team.pk)
        ]
        outgoing = [
            r
            for r in pending.filter(competition=competition)
            if r.pk not in {i.pk for i in incoming} and team.pk in (r.source_id, r.target_id)
        ]
        return {"team": team, "incoming": incoming, "outgoing": outgoing}

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        return Response(self.OutputSerializer(self._data(competition, request)).data)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rename_team(competition=competition, by=request.user, **payload.validated_data)
        return Response(self.OutputSerializer(self._data(competition, request)).data)


class TeamMergeApi(APIView):
    """Invite a participant by handle (their team joins yours) or ask to join a team (by id)."""

    class InputSerializer(serializers.Serializer):
        handle = serializers.CharField(max_length=60, required=False, allow_blank=True)
        team_id = serializers.IntegerField(required=False)

    @extend_schema(request=InputSerializer, responses={201: MergeRequestSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        other = None
        if payload.validated_data.get("team_id"):
            other = selectors.get_team(
                competition=competition, team_id=payload.validated_data["team_id"]
            )
        merge = services.propose_merge(
            competition=competition,
            by=request.user,
            other=other,
            invite_handle=payload.validated_data.get("handle", ""),
        )
        return Response(MergeRequestSerializer(merge).data, status=status.HTTP_201_CREATED)


class MergeRespondApi(APIView):
    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: MergeRequestSerializer})
    def post(self, request: Request, slug: str, request_id: int) -> Response:
        competition = _competition(request, slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        merge = selectors.get_merge_request(competition=competition, request_id=request_id)
        merge = services.respond_to_merge(
            competition=competition,
            by=request.user,
            request=merge,
            accept=payload.validated_data["accept"],
        )
        return Response(MergeRequestSerializer(merge).data)


class TeamLeaveApi(APIView):
    @extend_schema(request=None, responses={200: TeamSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = _competition(request, slug)
        team = services.leave_team(competition=competition, by=request.user)
        return Response(TeamSerializer(team).data)


class CompetitionEndApi(APIView):
    @extend_schema(request=None, responses={200: CompetitionOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        competition = selectors.get_competition_for_user(user=request.user, slug=slug, host=True)
        competition = services.end_competition(competition=competition, by=request.user)
        return Response(CompetitionOutputSerializer(competition).data)
