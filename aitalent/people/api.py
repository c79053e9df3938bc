"""REST API of the talent network (mounted at /api/v1/, namespace people-api)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.accounts.models import User
from aitalent.core.models import Topic
from aitalent.core.visibility import Visibility
from aitalent.people import forms, selectors, services
from aitalent.people.limits import ApiRateLimitMixin
from aitalent.people.models import ConnectionRequest, Profile, ProfileSkill, Report


class BaseApi(ApiRateLimitMixin, APIView):
    pass


# The `visibility` field below creates the VisibilityEnum component; the per-field settings
# point at it instead of repeating the same choice set under seven names.
@extend_schema_field({"$ref": "#/components/schemas/VisibilityEnum"})
class VisibilityField(serializers.ChoiceField):
    """A visibility choice documented as the shared VisibilityEnum component."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Visibility.choices, **kwargs)


# Shared output shapes ------------------------------------------------------------------------


class MemberRefSerializer(serializers.Serializer):
    handle = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        ref_name = "MemberRef"


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()

    class Meta:
        ref_name = "TopicRef"


class EvidenceSerializer(serializers.Serializer):
    source = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.FloatField()
    url = serializers.CharField()

    class Meta:
        ref_name = "Evidence"


class SkillSerializer(serializers.Serializer):
    skill = serializers.CharField(source="topic.slug")
    name = serializers.CharField(source="topic.name")
    level = serializers.IntegerField()
    evidenced_level = serializers.IntegerField()
    years = serializers.IntegerField(allow_null=True)
    how_used = serializers.CharField()

    class Meta:
        ref_name = "Skill"


class SkillWithEvidenceSerializer(SkillSerializer):
    evidence = EvidenceSerializer(many=True)
    endorsement_count = serializers.SerializerMethodField()

    class Meta:
        ref_name = "SkillWithEvidence"

    def get_endorsement_count(self, skill: ProfileSkill) -> int:
        return len(getattr(skill, "endorsement_list", []))


class LinksSerializer(serializers.Serializer):
    website = serializers.CharField()
    github = serializers.CharField()
    huggingface = serializers.CharField()
    google_scholar = serializers.CharField()
    orcid = serializers.CharField()
    linkedin = serializers.CharField()

    class Meta:
        ref_name = "Links"


class PersonSerializer(serializers.Serializer):
    """A masked profile: hidden fields come out empty (null for groups)."""

    handle = serializers.CharField(source="user.handle")
    name = serializers.CharField(source="user.name")
    headline = serializers.CharField()
    avatar_url = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    intent = serializers.SerializerMethodField()
    weekly_hours = serializers.IntegerField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    domains = TopicRefSerializer(many=True, source="domains.all")
    skills = SkillSerializer(many=True, source="skills.all")
    url = serializers.CharField(source="user.get_absolute_url")

    class Meta:
        ref_name = "Person"

    def get_avatar_url(self, profile: Profile) -> str:
        return profile.avatar_url(256)

    def _group(self, profile: Profile, group: str, name: str) -> str | None:
        return getattr(profile, name) if profile.shown[group] else None  # type: ignore[attr-defined]

    def get_country(self, profile: Profile) -> str | None:
        return self._group(profile, "location", "country")

    def get_city(self, profile: Profile) -> str | None:
        return self._group(profile, "location", "city")

    def get_organisation(self, profile: Profile) -> str | None:
        return self._group(profile, "organisation", "organisation")

    def get_role(self, profile: Profile) -> str | None:
        return self._group(profile, "organisation", "role")

    def get_intent(self, profile: Profile) -> dict[str, bool]:
        return {
            "open_to_work": profile.is_open_to_work,
            "open_to_mentoring": profile.is_open_to_mentoring,
            "looking_for_collaborators": profile.is_open_to_collaboration,
            "looking_for_team": profile.is_looking_for_team,
            "looking_for_mentor": profile.is_looking_for_mentor,
        }


def _raise_on_form_errors(form: Any) -> None:
    if not form.is_valid():
        raise DRFValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})


PERSON_EXAMPLE = {
    "handle": "li-wei",
    "name": "Li Wei",
    "headline": "NLP researcher working on multilingual language models",
    "avatar_url": "/media/avatars/4f0c…/a1b2c3-256.webp",
    "country": "CN",
    "city": "Beijing",
    "organisation": "Tsinghua University",
    "role": "PhD student",
    "intent": {
        "open_to_work": False,
        "open_to_mentoring": True,
        "looking_for_collaborators": True,
        "looking_for_team": False,
        "looking_for_mentor": False,
    },
    "weekly_hours": 6,
    "languages": ["zh", "en"],
    "domains": [{"slug": "education", "name": "Education", "kind": "domain"}],
    "skills": [
        {
            "skill": "pytorch",
            "name": "PyTorch",
            "level": 4,
            "evidenced_level": 2,
            "years": 5,
            "how_used": "Trained retrieval models",
        }
    ],
    "url": "/people/li-wei/",
}


# My profile ----------------------------------------------------------------------------------


class MyProfileApi(BaseApi):
    """The caller's own profile, with privacy settings and the completeness checklist."""

    class SkillInputSerializer(serializers.Serializer):
        skill = serializers.SlugField(max_length=60)
        level = serializers.IntegerField(min_value=1, max_value=5)
        years = serializers.IntegerField(min_value=0, max_value=60, required=False, allow_null=True)
        how_used = serializers.CharField(max_length=280, required=False, allow_blank=True)

        class Meta:
            ref_name = "SkillInput"

    class InputSerializer(serializers.Serializer):
        display_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
        timezone = serializers.CharField(max_length=64, required=False)
        headline = serializers.CharField(max_length=140, required=False, allow_blank=True)
        bio = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        country = serializers.CharField(max_length=2, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)
        organisation = serializers.CharField(max_length=120, required=False, allow_blank=True)
        role = serializers.CharField(max_length=120, required=False, allow_blank=True)
        website = serializers.URLField(max_length=300, required=False, allow_blank=True)
        github = serializers.URLField(max_length=300, required=False, allow_blank=True)
        huggingface = serializers.URLField(max_length=300, required=False, allow_blank=True)
        google_scholar = serializers.URLField(max_length=300, required=False, allow_blank=True)
        orcid = serializers.CharField(max_length=60, required=False, allow_blank=True)
        linkedin = serializers.URLField(max_length=300, required=False, allow_blank=True)
        languages = serializers.ListField(
            child=serializers.CharField(max_length=8), max_length=12, required=False
        )
        domains = serializers.ListField(
            child=serializers.SlugField(max_length=60), max_length=10, required=False
        )
        skills = serializers.ListField(required=False, max_length=50)
        is_open_to_work = serializers.BooleanField(required=False)
        is_open_to_mentoring = serializers.BooleanField(required=False)
        is_open_to_collaboration = serializers.BooleanField(required=False)
        is_looking_for_team = serializers.BooleanField(required=False)
        is_looking_for_mentor = serializers.BooleanField(required=False)
        mentoring_capacity = serializers.IntegerField(min_value=0, max_value=20, required=False)
        weekly_hours = serializers.IntegerField(
            min_value=0, max_value=80, required=False, allow_null=True
        )
        visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
        email_visibility = VisibilityField(required=False)
        location_visibility = VisibilityField(required=False)
        organisation_visibility = VisibilityField(required=False)
        links_visibility = VisibilityField(required=False)
        connections_visibility = VisibilityField(required=False)
        activity_visibility = VisibilityField(required=False)
        message_policy = serializers.ChoiceField(
            choices=Profile.MessagePolicy.choices, required=False
        )
        in_directory = serializers.BooleanField(required=False)
        in_suggestions = serializers.BooleanField(required=False)
        allow_indexing = serializers.BooleanField(required=False)
        in_analytics = serializers.BooleanField(required=False)

        def validate_skills(self, value: list[Any]) -> list[dict[str, Any]]:
            inner = MyProfileApi.SkillInputSerializer(data=value, many=True)
            inner.is_valid(raise_exception=True)
            return list(inner.validated_data)

    class OutputSerializer(serializers.Serializer):
        handle = serializers.CharField(source="user.handle")
        display_name = serializers.CharField(source="user.display_name")
        email = serializers.CharField(source="user.email")
        timezone = serializers.CharField(source="user.timezone")
        headline = serializers.CharField()
        bio = serializers.CharField()
        avatar_url = serializers.SerializerMethodField()
        country = serializers.CharField()
        city = serializers.CharField()
        organisation = serializers.CharField()
        role = serializers.CharField()
        links = LinksSerializer(source="*")
        languages = serializers.ListField(child=serializers.CharField())
        domains = TopicRefSerializer(many=True, source="domains.all")
        skills = SkillSerializer(many=True, source="skills.all")
        is_open_to_work = serializers.BooleanField()
        is_open_to_mentoring = serializers.BooleanField()
        is_open_to_collaboration = serializers.BooleanField()
        is_looking_for_team = serializers.BooleanField()
        is_looking_for_mentor = serializers.BooleanField()
        mentoring_capacity = serializers.IntegerField()
        weekly_hours = serializers.IntegerField(allow_null=True)
        visibility = serializers.CharField()
        email_visibility = serializers.CharField()
        location_visibility = serializers.CharField()
        organisation_visibility = serializers.CharField()
        links_visibility = serializers.CharField()
        connections_visibility = serializers.CharField()
        activity_visibility = serializers.CharField()
        message_policy = serializers.CharField()
        in_directory = serializers.BooleanField()
        in_suggestions = serializers.BooleanField()
        allow_indexing = serializers.BooleanField()
        in_analytics = serializers.BooleanField()
        completeness = serializers.SerializerMethodField()

        def get_avatar_url(self, profile: Profile) -> str:
            return profile.avatar_url(256)

        def get_completeness(self, profile: Profile) -> dict[str, Any]:
            result = selectors.completeness(profile=profile)
            return {
                "percent": result["percent"],
                "missing": [i["key"] for i in result["items"] if not i["done"]],
            }

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        own = selectors.get_own_profile(user=request.user)
        return Response(self.OutputSerializer(own).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer},
        examples=[
            OpenApiExample(
                "Headline, skills and privacy",
                request_only=True,
                value={
                    "headline": "Computer vision engineer",
                    "country": "DE",
                    "city": "Berlin",
                    "github": "https://github.com/octocat",
                    "languages": ["de", "en"],
                    "domains": ["manufacturing"],
                    "skills": [
                        {"skill": "pytorch", "level": 4, "years": 5, "how_used": "Edge models"}
                    ],
                    "is_open_to_work": True,
                    "location_visibility": "members",
                },
            )
        ],
    )
    def patch(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        skills = data.pop("skills", None)
        if "timezone" in data:
            data["timezone_name"] = data.pop("timezone")
        own = selectors.get_own_profile(user=request.user)
        from django.db import transaction

        with transaction.atomic():
            services.update_profile(profile=own, by=request.user, **data)
            if skills is not None:
                services.replace_skills(profile=own, by=request.user, skills=skills)
        return Response(self.OutputSerializer(selectors.get_own_profile(user=request.user)).data)


class MyAvatarApi(BaseApi):
    """Upload (PUT, multipart field `avatar`) or remove (DELETE) the caller's photo."""

    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        avatar = serializers.FileField()

    class OutputSerializer(serializers.Serializer):
        avatar_url = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        own = selectors.get_own_profile(user=request.user)
        services.set_avatar(profile=own, by=request.user, upload=payload.validated_data["avatar"])
        return Response({"avatar_url": own.avatar_url(256)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        services.remove_avatar(
            profile=selectors.get_own_profile(user=request.user), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# Directory and people ------------------------------------------------------------------------


class PeopleListApi(BaseApi):
    """The member directory: the same filters as the /people/ page, as query parameters."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        results = PersonSerializer(many=True)
        page = serializers.IntegerField()
        next = serializers.CharField(allow_null=True)
        previous = serializers.CharField(allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Free text over name, headline and bio"),
            OpenApiParameter("skill", str, description="Skill slug, e.g. pytorch"),
            OpenApiParameter("min_level", int, description="1–5, with `skill`"),
            OpenApiParameter("level_kind", str, enum=["self", "evidenced"]),
            OpenApiParameter("domain", str, description="Domain slug, e.g. healthcare"),
            OpenApiParameter("country", str, description="ISO code, e.g. CN"),
            OpenApiParameter("tz_window", int, description="± hours around `tz` (or mine)"),
            OpenApiParameter("tz", int, description="Centre UTC offset in minutes"),
            OpenApiParameter("open_to_work", bool),
            OpenApiParameter("mentoring", bool),
            OpenApiParameter("collaborators", bool),
            OpenApiParameter("team", bool),
            OpenApiParameter("language", str, description="Language code, e.g. zh"),
            OpenApiParameter("sort", str, enum=["relevance", "activity", "newest"]),
            OpenApiParameter("page", int),
        ],
        operation_id="people_list",
        responses={200: OutputSerializer},
        examples=[
            OpenApiExample(
                "PyTorch level ≥ 3 in China",
                response_only=True,
                value={"results": [PERSON_EXAMPLE], "page": 1, "next": None, "previous": None},
            )
        ],
    )
    def get(self, request: Request) -> Response:
        form = forms.DirectoryForm(request.query_params)
        _raise_on_form_errors(form)
        center = (
            services.utc_offset_minutes(request.user.timezone)
            if request.user.is_authenticated
            else None
        )
        page = selectors.directory_page(
            viewer=request.user,
            filters=form.to_filters(default_center=center),
            page=form.cleaned_data.get("page") or 1,
        )
        params = request.query_params.copy()

        def link(number: int) -> str:
            params["page"] = str(number)
            return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

        return Response(
            {
                "results": PersonSerializer(page["results"], many=True).data,
                "page": page["page"],
                "next": link(page["page"] + 1) if page["has_next"] else None,
                "previous": link(page["page"] - 1) if page["has_previous"] else None,
            }
        )


class PersonDetailApi(BaseApi):
    """One member as the caller may see them, with the relation and the evidence per skill."""

    permission_classes = [AllowAny]

    class OutputSerializer(PersonSerializer):
        bio = serializers.CharField()
        email = serializers.SerializerMethodField()
        timezone = serializers.SerializerMethodField()
        links = serializers.SerializerMethodField()
        skills = serializers.SerializerMethodField()
        relation = serializers.SerializerMethodField()
        last_active_at = serializers.DateTimeField(allow_null=True)

        class Meta:
            ref_name = None

        def get_email(self, profile: Profile) -> str | None:
            return profile.user.email if profile.shown["email"] else None  # type: ignore[attr-defined]

        def get_timezone(self, profile: Profile) -> str | None:
            return profile.user.timezone if profile.shown["location"] else None  # type: ignore[attr-defined]

        def get_links(self, profile: Profile) -> dict[str, str] | None:
            if not profile.shown["links"]:  # type: ignore[attr-defined]
                return None
            return {name: getattr(profile, name) for name in selectors.LINK_FIELDS}

        def get_skills(self, profile: Profile) -> list[dict[str, Any]]:
            return SkillWithEvidenceSerializer(self.context["skills"], many=True).data

        def get_relation(self, profile: Profile) -> dict[str, Any]:
            relation = profile.relation  # type: ignore[attr-defined]
            return {
                "is_self": relation.is_self,
                "is_connection": relation.is_connection,
                "degree": relation.degree,
                "mutual_connections": relation.mutual_count,
                "request_sent": relation.request_sent.pk if relation.request_sent else None,
                "request_received": (
                    relation.request_received.pk if relation.request_received else None
                ),
                "is_following": relation.is_following,
            }

    @extend_schema(operation_id="people_retrieve", responses={200: OutputSerializer})
    def get(self, request: Request, handle: str) -> Response:
        found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
        skills = selectors.skills_with_evidence(profile=found, viewer=request.user)
        return Response(self.OutputSerializer(found, context={"skills": skills}).data)


class MentionApi(BaseApi):
    """@-mention suggestions: members whose handle or name starts with `q`."""

    class OutputSerializer(serializers.Serializer):
        results = MemberRefSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)], responses={200: OutputSerializer}
    )
    def get(self, request: Request) -> Response:
        users = selectors.mention_lookup(viewer=request.user, q=request.query_params.get("q", ""))
        return Response({"results": MemberRefSerializer(users, many=True).data})


class PersonConnectionsApi(BaseApi):
    """GET: a member's connections (if they show them). DELETE: end your connection with them."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        results = MemberRefSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, handle: str) -> Response:
        found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
        users = selectors.list_connections(profile=found, viewer=request.user, limit=500)
        return Response({"results": MemberRefSerializer(users, many=True).data})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, handle: str) -> Response:
        if not request.user.is_authenticated:
            raise Http404
        other = selectors.get_member(viewer=request.user, handle=handle)
        services.remove_connection(user=request.user, other=other)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyConnectionsApi(BaseApi):
    class OutputSerializer(serializers.Serializer):
        results = MemberRefSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        users = selectors.my_connections(user=request.user)[:1000]
        return Response({"results": MemberRefSerializer(users, many=True).data})


# Connection requests -------------------------------------------------------------------------


class ConnectionRequestSerializer(serializers.ModelSerializer):
    from_member = MemberRefSerializer(source="from_user")
    to_member = MemberRefSerializer(source="to_user")
    status = serializers.CharField(help_text="pending, accepted, declined or withdrawn")

    class Meta:
        model = ConnectionRequest
        fields = ["id", "from_member", "to_member", "note", "status", "created_at"]
        ref_name = "ConnectionRequest"


class ConnectionRequestListApi(BaseApi):
    """GET pending requests (`?direction=incoming|outgoing`); POST asks a member to connect."""

    class InputSerializer(serializers.Serializer):
        to = serializers.CharField(max_length=30, help_text="The member's handle")
        note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        results = ConnectionRequestSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("direction", str, enum=["incoming", "outgoing"])],
        responses={200: OutputSerializer},
    )
    def get(self, request: Request) -> Response:
        if request.query_params.get("direction") == "outgoing":
            rows = selectors.outgoing_requests(user=request.user)
        else:
            rows = selectors.incoming_requests(user=request.user)
        return Response({"results": ConnectionRequestSerializer(rows[:500], many=True).data})

    @extend_schema(
        request=InputSerializer,
        responses={201: ConnectionRequestSerializer},
        examples=[
            OpenApiExample(
                "Connect with a note",
                request_only=True,
                value={"to": "li-wei", "note": "Loved your talk on multilingual retrieval."},
            )
        ],
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        other = selectors.get_member(viewer=request.user, handle=payload.validated_data["to"])
        result = services.request_connection(
            from_user=request.user, to_user=other, note=payload.validated_data.get("note", "")
        )
        return Response(ConnectionRequestSerializer(result).data, status=status.HTTP_201_CREATED)


class ConnectionRequestActionApi(BaseApi):
    """POST accept / decline (the invited member) or withdraw (the member who asked)."""

    @extend_schema(
        operation_id="connection_request_answer",
        request=None,
        responses={200: ConnectionRequestSerializer},
    )
    def post(self, request: Request, request_id: int, action: str) -> Response:
        found = selectors.get_request(viewer=request.user, request_id=request_id)
        actions = {
            "accept": services.accept_request,
            "decline": services.decline_request,
            "withdraw": services.withdraw_request,
        }
        if action not in actions:
            raise Http404
        result = actions[action](request=found, by=request.user)
        return Response(ConnectionRequestSerializer(result).data)


# Follows and blocks --------------------------------------------------------------------------


class FollowListApi(BaseApi):
    """Members and topics (skills, domains) the caller follows. DELETE takes ?member= or ?topic=."""

    class InputSerializer(serializers.Serializer):
        member = serializers.CharField(max_length=30, required=False)
        topic = serializers.SlugField(max_length=60, required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if bool(attrs.get("member")) == bool(attrs.get("topic")):
                raise serializers.ValidationError("Give either `member` or `topic`.")
            return attrs

    class OutputSerializer(serializers.Serializer):
        members = MemberRefSerializer(many=True)
        topics = TopicRefSerializer(many=True)

    def _list(self, user: User) -> Response:
        return Response(
            self.OutputSerializer(
                {
                    "members": selectors.followed_members(user=user)[:1000],
                    "topics": selectors.followed_topics(user=user),
                }
            ).data
        )

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return self._list(request.user)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer},
        examples=[
            OpenApiExample("Follow a domain", request_only=True, value={"topic": "healthcare"})
        ],
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data.get("member"):
            other = selectors.get_member(
                viewer=request.user, handle=payload.validated_data["member"]
            )
            services.follow_member(follower=request.user, followee=other)
        else:
            topic = get_object_or_404(Topic, slug=payload.validated_data["topic"])
            services.follow_topic(follower=request.user, topic=topic)
        response = self._list(request.user)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        parameters=[OpenApiParameter("member", str), OpenApiParameter("topic", str)],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.query_params)
        payload.is_valid(raise_exception=True)
        if payload.validated_data.get("member"):
            other = get_object_or_404(User, handle__iexact=payload.validated_data["member"])
            services.unfollow_member(follower=request.user, followee=other)
        else:
            topic = get_object_or_404(Topic, slug=payload.validated_data["topic"])
            services.unfollow_topic(follower=request.user, topic=topic)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockListApi(BaseApi):
    """Members the caller blocked. POST {"member": handle} blocks; DELETE ?member= unblocks."""

    class InputSerializer(serializers.Serializer):
        member = serializers.CharField(max_length=30)

    class OutputSerializer(serializers.Serializer):
        results = MemberRefSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        users = selectors.blocked_members(user=request.user)[:1000]
        return Response({"results": MemberRefSerializer(users, many=True).data})

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        other = selectors.get_member(viewer=request.user, handle=payload.validated_data["member"])
        services.block_member(blocker=request.user, blocked=other)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("member", str, required=True)],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.query_params)
        payload.is_valid(raise_exception=True)
        other = get_object_or_404(
            selectors.blocked_members(user=request.user),
            handle__iexact=payload.validated_data["member"],
        )
        services.unblock_member(blocker=request.user, blocked=other)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportApi(BaseApi):
    """Report a member to staff."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=Report.Reason.choices)
        detail = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        responses={201: None},
        examples=[
            OpenApiExample(
                "Spam", request_only=True, value={"reason": "spam", "detail": "Sends crypto offers"}
            )
        ],
    )
    def post(self, request: Request, handle: str) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        other = selectors.get_member(viewer=request.user, handle=handle)
        services.report_member(reporter=request.user, reported=other, **payload.validated_data)
        return Response(status=status.HTTP_201_CREATED)


# Endorsements --------------------------------------------------------------------------------


class EndorsementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    endorser = MemberRefSerializer()
    skill = serializers.CharField(source="skill.topic.slug")
    context = serializers.CharField()
    is_hidden = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Endorsement"


class EndorseApi(BaseApi):
    """GET a skill's visible endorsements; POST endorses it (1st-degree connections, once)."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        context = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        results = EndorsementSerializer(many=True)
        evidenced_level = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, handle: str, slug: str) -> Response:
        found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
        skills = selectors.skills_with_evidence(profile=found, viewer=request.user)
        skill = next((s for s in skills if s.topic.slug == slug), None)
        if skill is None:
            raise Http404
        return Response(
            {
                "results": EndorsementSerializer(skill.endorsement_list, many=True).data,  # type: ignore[attr-defined]
                "evidenced_level": skill.evidenced_level,
            }
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: EndorsementSerializer},
        examples=[
            OpenApiExample(
                "With context",
                request_only=True,
                value={"context": "We built the OCR pipeline together"},
            )
        ],
    )
    def post(self, request: Request, handle: str, slug: str) -> Response:
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated()
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        skill = selectors.get_skill_for_endorsement(viewer=request.user, handle=handle, slug=slug)
        endorsement = services.endorse_skill(
            endorser=request.user, skill=skill, context=payload.validated_data.get("context", "")
        )
        return Response(EndorsementSerializer(endorsement).data, status=status.HTTP_201_CREATED)


class EndorsementDetailApi(BaseApi):
    """PATCH {"is_hidden": true} hides one on your skill; DELETE withdraws one you gave."""

    class InputSerializer(serializers.Serializer):
        is_hidden = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: EndorsementSerializer})
    def patch(self, request: Request, endorsement_id: int) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        found = selectors.get_endorsement(viewer=request.user, endorsement_id=endorsement_id)
        result = services.set_endorsement_hidden(
            endorsement=found, by=request.user, hidden=payload.validated_data["is_hidden"]
        )
        return Response(EndorsementSerializer(result).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, endorsement_id: int) -> Response:
        found = selectors.get_endorsement(viewer=request.user, endorsement_id=endorsement_id)
        services.withdraw_endorsement(endorsement=found, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
