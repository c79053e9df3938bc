from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination
from aitalent.notifications import selectors, services
from aitalent.notifications.models import EmailChannel, Notification, Watch


class NotificationListApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        message = serializers.SerializerMethodField()
        actor = serializers.CharField(source="actor.handle", default=None)
        is_read = serializers.BooleanField()

        class Meta:
            model = Notification
            fields = [
                "id",
                "verb",
                "module",
                "message",
                "actor",
                "count",
                "url",
                "is_read",
                "is_mention",
                "created_at",
            ]

        def get_message(self, row: Notification) -> str:
            return services.describe(row)

    @extend_schema(
        parameters=[
            OpenApiParameter("filter", str, enum=["unread", "mentions"], required=False),
            OpenApiParameter("module", str, required=False),
        ],
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.list_notifications(
            user=request.user,
            unread=request.query_params.get("filter") == "unread",
            mentions=request.query_params.get("filter") == "mentions",
            module=request.query_params.get("module", "")[:30],
        )
        paginator = CursorPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class UnreadCountApi(APIView):
    class OutputSerializer(serializers.Serializer):
        unread = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response({"unread": services.unread_count(user=request.user)})


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, notification_id: int) -> Response:
        row = selectors.get_notification_for_user(
            user=request.user, notification_id=notification_id
        )
        services.mark_read(user=request.user, notification=row)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationReadAllApi(APIView):
    class InputSerializer(serializers.Serializer):
        module = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.mark_all_read(
            user=request.user, module=payload.validated_data.get("module", "")
        )
        return Response({"marked": count})


class PreferenceApi(APIView):
    class OutputSerializer(serializers.Serializer):
        verb = serializers.CharField()
        module = serializers.CharField()
        label = serializers.CharField()
        email = serializers.ChoiceField(choices=EmailChannel.choices)
        in_app = serializers.BooleanField()
        default_email = serializers.CharField()

    class InputSerializer(serializers.Serializer):
        verb = serializers.CharField(
            max_length=60, help_text='A notification type, or "*" for all e-mail.'
        )
        email = serializers.ChoiceField(choices=EmailChannel.choices)
        in_app = serializers.BooleanField(default=True)

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = services.preferences_for(user=request.user)
        return Response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer(many=True), responses={200: OutputSerializer(many=True)})
    def put(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data, many=True)
        payload.is_valid(raise_exception=True)
        from django.db import transaction

        with transaction.atomic():  # all or nothing: one bad type saves none
            for item in payload.validated_data:
                services.set_preference(user=request.user, **item)
        return self.get(request)


class WatchSetApi(APIView):
    class InputSerializer(serializers.Serializer):
        target_type = serializers.CharField(max_length=40, help_text='e.g. "core.topic"')
        target_id = serializers.IntegerField(min_value=1)
        level = serializers.ChoiceField(choices=Watch.Level.choices)

    @extend_schema(request=InputSerializer, responses={200: InputSerializer})
    def put(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        services.set_watch_level(user=request.user, **data)
        return Response(data)
