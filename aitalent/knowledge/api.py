from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination
from aitalent.core.markdown import render_markdown
from aitalent.core.models import Topic
from aitalent.knowledge import selectors, services
from aitalent.knowledge.models import Collection, Resource


class ResourceOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.handle", default=None)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url_on_site = serializers.CharField(source="get_absolute_url")
    html = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "html",
            "url",
            "arxiv_id",
            "doi",
            "authors",
            "venue",
            "year",
            "topics",
            "difficulty",
            "language",
            "author",
            "status",
            "published_at",
            "like_count",
            "bookmark_count",
            "view_count",
            "url_on_site",
        ]
        ref_name = "KnowledgeResource"

    def get_html(self, resource: Resource) -> str:
        return str(render_markdown(resource.body))


class ResourceListApi(APIView):
    # Reading is public; writing needs a member (401 in the one error format).
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Resource.Kind.choices)
        title = serializers.CharField(max_length=200)
        summary = serializers.CharField(max_length=400, required=False, allow_blank=True)
        body = serializers.CharField(max_length=100_000, required=False, allow_blank=True)
        url = serializers.URLField(max_length=500, required=False, allow_blank=True)
        arxiv_id = serializers.CharField(max_length=30, required=False, allow_blank=True)
        doi = serializers.CharField(max_length=200, required=False, allow_blank=True)
        authors = serializers.CharField(max_length=500, required=False, allow_blank=True)
        venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
        year = serializers.IntegerField(required=False, allow_null=True)
        topics = serializers.SlugRelatedField(
            slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
        )
        difficulty = serializers.ChoiceField(
            choices=Resource.Difficulty.choices, default="beginner"
        )
        language = serializers.ChoiceField(choices=["en", "zh-hans"], default="en")
        publish = serializers.BooleanField(default=True)

    class Pagination(CursorPagination):
        ordering = "-published_at"

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("kind", "topic", "difficulty", "language")
        ],
        responses={200: ResourceOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = {
            k: request.query_params.get(k, "")[:60]
            for k in ("kind", "topic", "difficulty", "language")
        }
        rows = selectors.list_resources(viewer=request.user, **params).order_by("-published_at")
        paginator = self.Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ResourceOutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: ResourceOutputSerializer},
        examples=[
            OpenApiExample(
                "A paper",
                request_only=True,
                value={
                    "kind": "paper",
                    "title": "Attention Is All You Need",
                    "arxiv_id": "1706.03762",
                    "authors": "Vaswani et al.",
                    "year": 2017,
                    "topics": ["transformers"],
                    "difficulty": "advanced",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        topics, publish = data.pop("topics", []), data.pop("publish")
        resource = services.create_resource(
            author=request.user, topics=topics, publish=publish, **data
        )
        return Response(ResourceOutputSerializer(resource).data, status=status.HTTP_201_CREATED)


class ResourceDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ResourceOutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
        return Response(ResourceOutputSerializer(resource).data)


class ResourceLikeApi(APIView):
    class InputSerializer(serializers.Serializer):
        liked = serializers.BooleanField()

    class OutputSerializer(serializers.Serializer):
        like_count = serializers.IntegerField()
        liked = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request: Request, slug: str) -> Response:
        resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        liked = payload.validated_data["liked"]
        resource = services.set_like(resource=resource, user=request.user, liked=liked)
        return Response({"like_count": resource.like_count, "liked": liked})


class CollectionListApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.ModelSerializer):
        owner = serializers.CharField(source="owner.handle")

        class Meta:
            model = Collection
            fields = ["slug", "title", "description", "owner", "is_public", "updated_at"]
            ref_name = "KnowledgeCollection"

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        paginator = CursorPagination()
        paginator.ordering = "-updated_at"
        page = paginator.paginate_queryset(
            selectors.list_collections(viewer=request.user), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
