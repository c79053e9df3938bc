from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.core.api import CursorPagination
from aitalent.core.markdown import render_markdown
from aitalent.core.models import Topic
from aitalent.forum import selectors, services
from aitalent.forum.models import Category, Post, Thread


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.ModelSerializer):
        name = serializers.CharField()
        description = serializers.CharField()
        parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

        class Meta:
            model = Category
            fields = [
                "slug",
                "name",
                "description",
                "mode",
                "parent",
                "thread_count",
                "post_count",
                "is_members_only",
            ]

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.visible_categories(request.user).select_related("parent")
        return Response(self.OutputSerializer(rows, many=True).data)


class ThreadOutputSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.CharField(source="author.handle", default=None)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    is_solved = serializers.BooleanField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Thread
        fields = [
            "slug",
            "title",
            "category",
            "author",
            "topics",
            "language",
            "status",
            "is_locked",
            "is_pinned",
            "is_solved",
            "score",
            "reply_count",
            "view_count",
            "last_activity_at",
            "created_at",
            "url",
        ]
        ref_name = "ForumThread"


class PostOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.handle", default=None)
    html = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "author",
            "body",
            "html",
            "is_opening",
            "is_accepted",
            "score",
            "edit_count",
            "edited_at",
            "created_at",
        ]
        ref_name = "ForumPost"

    def get_html(self, post: Post) -> str:
        return str(render_markdown(post.body))


class ThreadListApi(APIView):
    # Reading is public; writing needs a member (401 in the one error format).
    permission_classes = [IsAuthenticatedOrReadOnly]

    class InputSerializer(serializers.Serializer):
        category = serializers.SlugRelatedField(
            slug_field="slug", queryset=Category.objects.filter(is_context=False)
        )
        title = serializers.CharField(max_length=200)
        body = serializers.CharField(max_length=30_000)
        topics = serializers.SlugRelatedField(
            slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
        )
        language = serializers.ChoiceField(choices=["en", "zh-hans"], default="en")

    class Pagination(CursorPagination):
        ordering = "-last_activity_at"

    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, required=False),
            OpenApiParameter("topic", str, required=False),
            OpenApiParameter(
                "state", str, enum=["unanswered", "solved", "unsolved"], required=False
            ),
        ],
        responses={200: ThreadOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        category = None
        if request.query_params.get("category"):
            category = selectors.get_category_for_viewer(
                viewer=request.user, slug=request.query_params["category"]
            )
        rows = selectors.list_threads(
            viewer=request.user,
            category=category,
            topic=request.query_params.get("topic", "")[:60],
            state=request.query_params.get("state", ""),
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(rows.order_by("-last_activity_at"), request, view=self)
        return paginator.get_paginated_response(ThreadOutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: ThreadOutputSerializer},
        examples=[
            OpenApiExample(
                "A question",
                request_only=True,
                value={
                    "category": "questions",
                    "title": "How do I evaluate a RAG pipeline offline?",
                    "body": "I have 200 labelled questions ...",
                    "topics": ["retrieval-augmented-generation"],
                    "language": "en",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        selectors.get_category_for_viewer(viewer=request.user, slug=data["category"].slug)
        thread = services.create_thread(
            author=request.user,
            category=data["category"],
            title=data["title"],
            body=data["body"],
            topics=data.get("topics", []),
            language=data["language"],
        )
        return Response(ThreadOutputSerializer(thread).data, status=status.HTTP_201_CREATED)


class ThreadDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(ThreadOutputSerializer):
        posts = serializers.SerializerMethodField()

        class Meta(ThreadOutputSerializer.Meta):
            fields = [*ThreadOutputSerializer.Meta.fields, "posts"]
            ref_name = "ForumThreadDetail"

        def get_posts(self, thread: Thread) -> list:
            return PostOutputSerializer(self.context["posts"], many=True).data

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request, slug: str) -> Response:
        thread = selectors.get_thread_for_viewer(viewer=request.user, slug=slug)
        posts = selectors.thread_posts(thread=thread, viewer=request.user)
        return Response(self.OutputSerializer(thread, context={"posts": posts}).data)


class PostCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=30_000)

    @extend_schema(request=InputSerializer, responses={201: PostOutputSerializer})
    def post(self, request: Request, slug: str) -> Response:
        thread = selectors.get_thread_for_viewer(viewer=request.user, slug=slug)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        post = services.reply(thread=thread, author=request.user, **payload.validated_data)
        return Response(PostOutputSerializer(post).data, status=status.HTTP_201_CREATED)


class PostVoteApi(APIView):
    class InputSerializer(serializers.Serializer):
        value = serializers.ChoiceField(choices=[1, -1, 0])

    class OutputSerializer(serializers.Serializer):
        score = serializers.IntegerField()
        my_vote = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        value = int(payload.validated_data["value"])
        post = services.vote(post=post, voter=request.user, value=value)
        return Response({"score": post.score, "my_vote": value})


class PostAcceptApi(APIView):
    @extend_schema(request=None, responses={200: PostOutputSerializer})
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
        post = services.accept_answer(post=post, by=request.user)
        return Response(PostOutputSerializer(post).data)


class TopicCreateApi(APIView):
    """Add a topic to the taxonomy (needs the reputation privilege for creating topics)."""

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_zh = serializers.CharField(max_length=120, required=False, allow_blank=True)
        kind = serializers.ChoiceField(choices=Topic.Kind.choices, default=Topic.Kind.SKILL)
        parent = serializers.SlugField(max_length=60, required=False, allow_blank=True)
        description_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        aliases = serializers.ListField(
            child=serializers.CharField(max_length=60), max_length=10, required=False
        )

    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        kind = serializers.CharField()
        name_en = serializers.CharField()
        name_zh = serializers.CharField()
        parent = serializers.CharField(source="parent.slug", allow_null=True, default=None)
        aliases = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        from aitalent.activity import reputation
        from aitalent.core import services as core_services

        if not reputation.has_privilege(user=request.user, privilege="suggest_topic"):
            raise PermissionDenied(
                _("Creating topics needs %(points)d reputation points.")
                % {"points": reputation.PRIVILEGES["suggest_topic"]}
            )
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        parent_slug = data.pop("parent", "")
        parent = None
        if parent_slug:
            parent = Topic.objects.filter(slug=parent_slug).first()
            if parent is None:
                raise serializers.ValidationError({"parent": [_("Unknown topic: use a slug.")]})
        topic = core_services.create_topic(**data, parent=parent, created_by=request.user)
        return Response(self.OutputSerializer(topic).data, status=status.HTTP_201_CREATED)
