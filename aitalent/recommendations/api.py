from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.recommendations import selectors, services
from aitalent.recommendations.models import Surface

STORED_SURFACES = [s for s in Surface.values if s != Surface.SIMILAR]


class SuggestionSerializer(serializers.Serializer):
    type = serializers.CharField(
        source="item_type", help_text='"<app>.<model>", e.g. "events.event"'
    )
    id = serializers.IntegerField(source="item_id")
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField(help_text="Why, in the request's language.")
    reason_code = serializers.CharField()
    reason_params = serializers.DictField(source="params")


class RecommendationListApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        surface = serializers.CharField()
        is_cold_start = serializers.BooleanField()
        items = SuggestionSerializer(many=True)

    @extend_schema(
        operation_id="recommendations_list",
        parameters=[
            OpenApiParameter(
                "surface",
                str,
                OpenApiParameter.PATH,
                description="One of: " + ", ".join(STORED_SURFACES),
            ),
            OpenApiParameter("limit", int, description="1 to 16, default 10"),
        ],
        responses=OutputSerializer,
    )
    def get(self, request: Request, surface: str) -> Response:
        if surface not in STORED_SURFACES:
            raise Http404
        try:
            limit = max(1, min(16, int(request.query_params.get("limit", 10))))
        except ValueError:
            raise serializers.ValidationError({"limit": ["Give a number from 1 to 16."]}) from None
        items = selectors.suggestions(user=request.user, surface=surface, limit=limit)
        if items is None:
            services.cold_start(user=request.user)
            items = selectors.suggestions(user=request.user, surface=surface, limit=limit) or []
        row = selectors.stored_list(user=request.user, surface=surface)
        services.log_impression(user=request.user, surface=surface, shown=len(items))
        data: dict[str, Any] = {
            "surface": surface,
            "is_cold_start": bool(row and row.is_cold_start),
            "items": items,
        }
        return Response(self.OutputSerializer(data).data)


class RecommendationDismissApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        surface = serializers.ChoiceField(choices=Surface.choices)
        type = serializers.CharField(max_length=40, help_text='"accounts.user" for a member')
        id = serializers.IntegerField(min_value=1)

    @extend_schema(
        operation_id="recommendations_dismiss",
        request=InputSerializer,
        responses={204: None},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # A service ValidationError becomes the standard 400 error body (core.api handler).
        services.dismiss(
            user=request.user,
            surface=payload.validated_data["surface"],
            item_type=payload.validated_data["type"],
            item_id=payload.validated_data["id"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
