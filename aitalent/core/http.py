from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from aitalent.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For type checking only: a request behind @login_required."""

    user: User
    htmx: HtmxDetails


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, configure it to set X-Forwarded-For and trust only its last hop.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
