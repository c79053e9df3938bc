from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aitalent.accounts import services
from aitalent.accounts.models import AuditEvent, User
from aitalent.core.api import AuthRateThrottle


class AuthTokenApi(APIView):
    """POST exchanges e-mail + password for a token; DELETE revokes the caller's token."""

    throttle_classes = [AuthRateThrottle]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(max_length=256, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    def get_permissions(self) -> list:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_authenticators(self) -> list:
        # A stale or wrong token header must not block getting a new token.
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        email = payload.validated_data["email"].lower()
        user = authenticate(
            request._request, email=email, password=payload.validated_data["password"]
        )
        if user is None or not user.is_active:
            # user_login_failed already audited by Django's authenticate()
            return Response(
                {
                    "error": {
                        "code": "invalid_credentials",
                        "message": "E-mail or password is wrong, or the e-mail is not verified.",
                        "fields": {},
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if not user.emailaddress_set.filter(verified=True).exists():
            return Response(
                {
                    "error": {
                        "code": "email_unverified",
                        "message": "Verify your e-mail address first (see the link we sent).",
                        "fields": {"email": ["This e-mail address is not verified yet."]},
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = services.create_api_token(user=user, request=request._request)
        return Response(self.OutputSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        services.revoke_api_token(user=request.user, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = [
                "public_id",
                "handle",
                "display_name",
                "email",
                "language",
                "timezone",
                "date_joined",
            ]

    class InputSerializer(serializers.Serializer):
        display_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
        language = serializers.CharField(max_length=10, required=False, allow_blank=True)
        timezone = serializers.CharField(max_length=64, required=False)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def patch(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.update_preferences(user=request.user, **payload.validated_data)
        return Response(self.OutputSerializer(user).data)


class AuditEventListApi(APIView):
    """The caller's own security events (newest first)."""

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = AuditEvent
            fields = ["kind", "ip_address", "user_agent", "created_at"]

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        from aitalent.core.api import CursorPagination

        paginator = CursorPagination()
        page = paginator.paginate_queryset(request.user.audit_events.all(), request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
