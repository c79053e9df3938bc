from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.search import services
from aitalent.search.models import Document


class SearchApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.ModelSerializer):
        type = serializers.CharField(source="doc_type")

        class Meta:
            model = Document
            fields = [
                "type",
                "object_id",
                "title",
                "summary",
                "url",
                "language",
                "topics",
                "created_at",
            ]

    class PageSerializer(serializers.Serializer):
        count = serializers.IntegerField(help_text="Matches, counted up to 1001.")
        fuzzy = serializers.BooleanField(help_text="No word matched; similar titles instead.")
        corrected_query = serializers.CharField(
            help_text="Set when the results are for a spelling-corrected query."
        )
        results = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description='Words, "phrases", -excluded'),
            OpenApiParameter(
                "type",
                str,
                required=False,
                description="A document type, e.g. forum.thread, knowledge.resource, events.event",
            ),
            OpenApiParameter("topic", str, required=False),
            OpenApiParameter("offset", int, required=False),
        ],
        responses={200: PageSerializer},
    )
    def get(self, request: Request) -> Response:
        try:
            offset = max(0, min(int(request.query_params.get("offset", 0)), 1000))
        except ValueError:
            offset = 0
        results = services.search(
            query=request.query_params.get("q", ""),
            viewer=request.user,
            doc_type=request.query_params.get("type", ""),
            topic=request.query_params.get("topic", ""),
            limit=20,
            offset=offset,
        )
        return Response(
            {
                "count": results.total,
                "fuzzy": results.fuzzy,
                "corrected_query": results.corrected,
                "results": self.OutputSerializer(results.hits, many=True).data,
            }
        )
