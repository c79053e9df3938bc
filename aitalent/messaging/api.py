"""REST API of direct messages (mounted at /api/v1/messages/, namespace messaging-api)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.accounts.models import User
from aitalent.core.api import CursorPagination
from aitalent.core.markdown import render_markdown
from aitalent.messaging import selectors, services
from aitalent.messaging.models import Conversation, Message
from aitalent.people import selectors as people
from aitalent.people.limits import ApiRateLimitMixin


class BaseApi(ApiRateLimitMixin, APIView):
    pass


class ParticipantSerializer(serializers.Serializer):
    handle = serializers.CharField(source="user.handle")
    name = serializers.CharField(source="user.name")

    class Meta:
        ref_name = "ConversationParticipant"


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    is_group = serializers.BooleanField()
    participants = serializers.SerializerMethodField()
    last_message_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Conversation"

    def get_participants(self, conversation: Conversation) -> list[dict[str, str]]:
        rows = [p for p in conversation.participants.all() if p.left_at is None]
        return ParticipantSerializer(rows, many=True).data


class MembershipSerializer(serializers.Serializer):
    conversation = ConversationSerializer()
    unread_count = serializers.IntegerField()
    is_muted = serializers.BooleanField()

    class Meta:
        ref_name = "ConversationMembership"


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sender = serializers.SerializerMethodField()
    body = serializers.CharField()
    html = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Message"

    def get_sender(self, message: Message) -> str | None:
        """The sender's handle; null once they deleted their account ("deleted member")."""
        return message.sender.handle if message.sender_id else None

    def get_html(self, message: Message) -> str:
        return str(render_markdown(message.body))


class ConversationListApi(BaseApi):
    """GET the caller's conversations; POST starts one (1:1 is reused) with a first message."""

    class InputSerializer(serializers.Serializer):
        participants = serializers.ListField(
            child=serializers.CharField(max_length=30), min_length=1, max_length=19
        )
        title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        body = serializers.CharField(max_length=10_000)

    class OutputSerializer(serializers.Serializer):
        results = MembershipSerializer(many=True)

    @extend_schema(operation_id="conversations_list", responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        rows = selectors.list_conversations(user=request.user)[:200]
        return Response({"results": MembershipSerializer(rows, many=True).data})

    @extend_schema(
        request=InputSerializer,
        responses={201: ConversationSerializer},
        examples=[
            OpenApiExample(
                "Group conversation",
                request_only=True,
                value={
                    "participants": ["li-wei", "ana-garcia"],
                    "title": "OCR benchmark",
                    "body": "Shall we compare notes on **Tesseract vs. TrOCR**?",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        recipients = [
            User.objects.get(pk=people.get_member(viewer=request.user, handle=h).pk)
            for h in dict.fromkeys(payload.validated_data["participants"])
        ]
        conversation = services.start_conversation(
            creator=request.user,
            recipients=recipients,
            body=payload.validated_data["body"],
            title=payload.validated_data.get("title", ""),
        )
        conversation = Conversation.objects.prefetch_related("participants__user").get(
            pk=conversation.pk
        )
        return Response(ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)


class ConversationDetailApi(BaseApi):
    @extend_schema(operation_id="conversations_retrieve", responses={200: MembershipSerializer})
    def get(self, request: Request, conversation_id: int) -> Response:
        selectors.get_conversation(viewer=request.user, conversation_id=conversation_id)
        membership = selectors.list_conversations(user=request.user).get(
            conversation_id=conversation_id
        )
        return Response(MembershipSerializer(membership).data)


class MessageListApi(BaseApi):
    """GET messages (newest first, cursor pagination); POST sends one. Only `body` is read:
    the sender is always the caller and participants cannot be changed here."""

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=10_000)

    @extend_schema(responses={200: MessageSerializer(many=True)})
    def get(self, request: Request, conversation_id: int) -> Response:
        conversation, _m = selectors.get_conversation(
            viewer=request.user, conversation_id=conversation_id
        )
        paginator = CursorPagination()
        page = paginator.paginate_queryset(
            selectors.messages_queryset(conversation=conversation, viewer=request.user),
            request,
            view=self,
        )
        return paginator.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: MessageSerializer},
        examples=[OpenApiExample("Reply", request_only=True, value={"body": "Sounds good!"})],
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation, _m = selectors.get_conversation(
            viewer=request.user, conversation_id=conversation_id
        )
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.send_message(
            conversation=conversation, sender=request.user, body=payload.validated_data["body"]
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ConversationReadApi(BaseApi):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation, _m = selectors.get_conversation(
            viewer=request.user, conversation_id=conversation_id
        )
        services.mark_read(conversation=conversation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationLeaveApi(BaseApi):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation, _m = selectors.get_conversation(
            viewer=request.user, conversation_id=conversation_id
        )
        services.leave_conversation(conversation=conversation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationMuteApi(BaseApi):
    class InputSerializer(serializers.Serializer):
        muted = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation, _m = selectors.get_conversation(
            viewer=request.user, conversation_id=conversation_id
        )
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.set_muted(
            conversation=conversation, user=request.user, muted=payload.validated_data["muted"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnreadApi(BaseApi):
    class OutputSerializer(serializers.Serializer):
        unread = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_total(user=request.user)})
