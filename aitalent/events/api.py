from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination
from aitalent.core.models import Topic
from aitalent.events import calendars, selectors, services
from aitalent.events.models import RSVP, Event, Group, Question
from aitalent.events.views import _parse_date


@extend_schema_field(
    {"type": "string", "description": "One of: " + ", ".join(Event.Visibility.values)}
)
class VisibilityField(serializers.ChoiceField):
    """Described without an enum: people's "visibility" enums would collide with this one."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Event.Visibility.choices, **kwargs)


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "label", "kind", "choices", "is_required"]
        ref_name = "EventQuestion"


class EventOutputSerializer(serializers.ModelSerializer):
    """`online_url` is null unless the reader is a confirmed attendee or an organizer."""

    group = serializers.CharField(source="group.slug", default=None)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    url_on_site = serializers.CharField(source="get_absolute_url")
    online_url = serializers.SerializerMethodField()
    visibility = VisibilityField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "description",
            "group",
            "topics",
            "language",
            "format",
            "venue",
            "address",
            "city",
            "online_url",
            "starts_at",
            "ends_at",
            "timezone",
            "capacity",
            "max_guests",
            "rsvp_opens_at",
            "rsvp_closes_at",
            "visibility",
            "status",
            "questions",
            "url_on_site",
        ]
        ref_name = "EventsEvent"

    def get_online_url(self, event: Event) -> str | None:
        allowed: set[int] = self.context.get("private_ids", set())
        return event.online_url if event.pk in allowed else None


def _private_ids(request: Request, events: list[Event]) -> set[int]:
    return {e.pk for e in events if selectors.can_see_private_details(event=e, viewer=request.user)}


class EventListApi(APIView):
    # Reading is public; writing needs a member (401 in the one error format).
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
        group = serializers.SlugRelatedField(
            slug_field="slug", queryset=Group.objects.all(), required=False, allow_null=True
        )
        format = serializers.ChoiceField(choices=Event.Format.choices)
        starts_at = serializers.DateTimeField()
        ends_at = serializers.DateTimeField()
        timezone = serializers.CharField(max_length=64)
        venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
        address = serializers.CharField(max_length=300, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)
        online_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
        capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        max_guests = serializers.IntegerField(required=False, min_value=0, max_value=5)
        rsvp_opens_at = serializers.DateTimeField(required=False, allow_null=True)
        rsvp_closes_at = serializers.DateTimeField(required=False, allow_null=True)
        visibility = VisibilityField(default="public")
        language = serializers.ChoiceField(choices=["en", "zh-hans"], default="en")
        topics = serializers.SlugRelatedField(
            slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
        )
        questions = serializers.ListField(
            child=serializers.DictField(), required=False, max_length=10
        )

    class Pagination(CursorPagination):
        ordering = ("starts_at", "id")

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("topic", "domain", "city", "online", "from", "to", "q", "when")
        ],
        responses={200: EventOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.EventFilters(
            topic=params.get("topic", "")[:60],
            domain=params.get("domain", "")[:60],
            city=params.get("city", "")[:60],
            online=params.get("online") in ("1", "true"),
            date_from=_parse_date(params.get("from", "")),
            date_to=_parse_date(params.get("to", "")),
            q=params.get("q", "")[:60],
        )
        past = params.get("when") == "past"
        rows = selectors.list_events(viewer=request.user, filters=filters, past=past)
        paginator = self.Pagination()
        if past:
            paginator.ordering = ("-starts_at", "-id")
        page = paginator.paginate_queryset(rows, request, view=self)
        data = EventOutputSerializer(
            page, many=True, context={"private_ids": _private_ids(request, page)}
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        event = services.create_event(organizer=request.user, **data)
        return Response(
            EventOutputSerializer(event, context={"private_ids": {event.pk}}).data,
            status=status.HTTP_201_CREATED,
        )


class EventDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: EventOutputSerializer})
    def get(self, request: Request, event_id: int) -> Response:
        event = selectors.get_event_for_user(viewer=request.user, event_id=event_id)
        return Response(
            EventOutputSerializer(
                event, context={"private_ids": _private_ids(request, [event])}
            ).data
        )


class RsvpOutputSerializer(serializers.Serializer):
    status = serializers.CharField()
    guests = serializers.IntegerField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)
    is_listed = serializers.BooleanField()
    online_url = serializers.CharField(allow_null=True)


def _rsvp_data(row: RSVP, event: Event) -> dict[str, Any]:
    return {
        "status": row.status,
        "guests": row.guests,
        "offer_expires_at": row.offer_expires_at,
        "is_listed": row.is_listed,
        "online_url": event.online_url if row.status == RSVP.Status.GOING else None,
    }


class EventRsvpApi(APIView):
    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[RSVP.Status.GOING, RSVP.Status.NOT_GOING])
        guests = serializers.IntegerField(required=False, default=0, min_value=0, max_value=5)
        answers = serializers.DictField(
            child=serializers.CharField(allow_blank=True), required=False
        )
        is_listed = serializers.BooleanField(required=False, allow_null=True, default=None)

    OutputSerializer = RsvpOutputSerializer

    @extend_schema(responses={200: RsvpOutputSerializer})
    def get(self, request: Request, event_id: int) -> Response:
        event = selectors.get_event_for_user(viewer=request.user, event_id=event_id)
        row = selectors.viewer_rsvp(event=event, viewer=request.user)
        if row is None:
            return Response({"status": None, "guests": 0, "offer_expires_at": None,
                             "is_listed": False, "online_url": None})  # fmt: skip
        return Response(_rsvp_data(row, event))

    @extend_schema(
        request=InputSerializer,
        responses={200: RsvpOutputSerializer},
        examples=[OpenApiExample("Going", request_only=True, value={"status": "going"})],
    )
    def post(self, request: Request, event_id: int) -> Response:
        """Answers the resulting state: going, waitlisted, offered or not_going."""
        event = selectors.get_event_for_user(viewer=request.user, event_id=event_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.rsvp(event=event, user=request.user, **payload.validated_data)
        return Response(_rsvp_data(row, event))


class EventOfferApi(APIView):
    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: RsvpOutputSerializer})
    def post(self, request: Request, event_id: int) -> Response:
        event = selectors.get_event_for_user(viewer=request.user, event_id=event_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.respond_to_offer(
            event=event, user=request.user, accept=payload.validated_data["accept"]
        )
        return Response(_rsvp_data(row, event))


class EventAttendeesApi(APIView):
    """Organizers only: RSVPs with answers to the registration questions."""

    class OutputSerializer(serializers.ModelSerializer):
        handle = serializers.CharField(source="user.handle")
        name = serializers.CharField(source="user.name")

        class Meta:
            model = RSVP
            fields = ["handle", "name", "status", "guests", "answers", "checked_in_at",
                      "waitlisted_at", "offer_expires_at"]  # fmt: skip
            ref_name = "EventAttendee"

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request, event_id: int) -> Response:
        event = selectors.get_event_to_manage(viewer=request.user, event_id=event_id)
        rows = selectors.attendee_rows(event=event, q=request.query_params.get("q", "")[:80])
        return Response(self.OutputSerializer(rows, many=True).data)


class EventCheckinApi(APIView):
    class InputSerializer(serializers.Serializer):
        handle = serializers.CharField(max_length=30)
        attended = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.Serializer):
        handle = serializers.CharField()
        checked_in_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, event_id: int) -> Response:
        event = selectors.get_event_to_manage(viewer=request.user, event_id=event_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        target = event.rsvps.filter(user__handle__iexact=payload.validated_data["handle"]).first()
        row = services.check_in(
            event=event,
            by=request.user,
            user_id=target.user_id if target else 0,
            attended=payload.validated_data["attended"],
        )
        return Response({"handle": row.user.handle, "checked_in_at": row.checked_in_at})


class EventIcsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/calendar"): str})
    def get(self, request: Request, event_id: int) -> HttpResponse:
        event = selectors.get_event_for_user(viewer=request.user, event_id=event_id)
        allowed = (
            {event.pk}
            if selectors.can_see_private_details(event=event, viewer=request.user)
            else set()
        )
        response = HttpResponse(
            calendars.build_calendar([event], with_link_for=allowed),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class GroupOutputSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Group
        fields = ["slug", "name", "description", "topics", "city", "is_online", "join_policy",
                  "member_count"]  # fmt: skip
        ref_name = "EventGroup"


class GroupListApi(APIView):
    # Reading is public; writing needs a member (401 in the one error format).
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120)
        description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)
        is_online = serializers.BooleanField(default=False)
        join_policy = serializers.ChoiceField(choices=Group.JoinPolicy.choices, default="open")
        topics = serializers.SlugRelatedField(
            slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
        )

    @extend_schema(responses={200: GroupOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        paginator = CursorPagination()
        paginator.ordering = ("name", "id")
        rows = selectors.list_groups(q=request.query_params.get("q", "")[:80]).order_by("name")
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(GroupOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: GroupOutputSerializer})
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        group = services.create_group(creator=request.user, **payload.validated_data)
        return Response(GroupOutputSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupDetailApi(APIView):
    # Reading is public; writing needs a member (401 in the one error format).
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, required=False)
        description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
        city = serializers.CharField(max_length=80, required=False, allow_blank=True)
        is_online = serializers.BooleanField(required=False)
        join_policy = serializers.ChoiceField(choices=Group.JoinPolicy.choices, required=False)
        topics = serializers.SlugRelatedField(
            slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
        )

    @extend_schema(responses={200: GroupOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        return Response(GroupOutputSerializer(selectors.get_group(slug=slug)).data)

    @extend_schema(request=InputSerializer, responses={200: GroupOutputSerializer})
    def patch(self, request: Request, slug: str) -> Response:
        group = selectors.get_group(slug=slug)
        payload = self.InputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        topics = data.pop("topics", None)
        group = services.update_group(group=group, by=request.user, topics=topics, **data)
        return Response(GroupOutputSerializer(group).data)


class GroupJoinApi(APIView):
    class OutputSerializer(serializers.Serializer):
        status = serializers.CharField()
        role = serializers.CharField()

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        group = selectors.get_group(slug=slug)
        row = services.join_group(group=group, user=request.user)
        return Response({"status": row.status, "role": row.role})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, slug: str) -> Response:
        services.leave_group(group=selectors.get_group(slug=slug), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
