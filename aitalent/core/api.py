"""DRF defaults: one error format, cursor pagination, throttling. Configured once in settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, throttling
from rest_framework.response import Response


class CursorPagination(pagination.CursorPagination):
    ordering = "-created_at"
    page_size_query_param = "page_size"
    max_page_size = 100


class WriteRateThrottle(throttling.UserRateThrottle):
    """Every write (POST, PUT, PATCH, DELETE) is rate limited per member, or per IP for visitors."""

    scope = "write"

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class AuthRateThrottle(throttling.AnonRateThrottle):
    """Authentication endpoints: per client IP, whoever is asking."""

    scope = "auth"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _django_error_to_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Errors look the same everywhere: {"error": {"code", "message", "fields"}}.

    `fields` maps each invalid field to its messages, so clients can show the fix beside the input.
    """
    # Imported here: rest_framework.views reads DEFAULT_THROTTLE_CLASSES (this module) on import.
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = _django_error_to_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {
            key: [str(m) for m in (val if isinstance(val, list) else [val])]
            for key, val in detail.items()
        }
        first = next(iter(fields.items()), ("", [""]))
        message = f"{first[0]}: {first[1][0]}" if first[0] != "non_field_errors" else first[1][0]
        response.data = {"error": {"code": "invalid", "message": message, "fields": fields}}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "error": {
                "code": codes if isinstance(codes, str) else "error",
                "message": str(exc.detail),
                "fields": {},
            }
        }
    return response
