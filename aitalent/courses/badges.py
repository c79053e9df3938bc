"""Open Badges 2.0: hosted assertions, badge classes and the issuer profile as public JSON.

The recipient is the holder's e-mail, hashed with a per-certificate salt (sha256), so the
assertion proves ownership to whoever knows the address without publishing it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from aitalent.courses.models import Certificate, Course

CONTEXT = "https://w3id.org/openbadges/v2"


def _abs(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def hashed_email(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def issuer(request: HttpRequest) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": _abs(request, reverse("courses:badge-issuer")),
        "name": getattr(settings, "SITE_NAME", "AI Talent Exchange"),
        "url": _abs(request, "/"),
        "email": getattr(settings, "DEFAULT_FROM_EMAIL", "") or "noreply@example.com",
    }


def badge_class(request: HttpRequest, course: Course) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": _abs(request, reverse("courses:badge-class", args=[course.slug])),
        "name": course.title,
        "description": course.summary,
        "image": _abs(request, reverse("courses:badge-image", args=[course.slug])),
        "criteria": {
            "id": _abs(request, course.get_absolute_url()),
            "narrative": "Complete every lesson and pass every quiz of the course.",
        },
        "issuer": _abs(request, reverse("courses:badge-issuer")),
        "tags": [c.topic.slug for c in course.competencies.select_related("topic")],
    }


def assertion(request: HttpRequest, cert: Certificate) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": _abs(request, reverse("courses:certificate-assertion", args=[cert.public_id])),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": cert.badge_salt,
            "identity": hashed_email(cert.user.email, cert.badge_salt),
        },
        "badge": _abs(request, reverse("courses:badge-class", args=[cert.course.slug])),
        "verification": {"type": "hosted"},
        "issuedOn": cert.issued_at.isoformat(),
        "evidence": _abs(request, cert.get_absolute_url()),
    }


def assertion_response(request: HttpRequest, *, public_id: str) -> JsonResponse:
    cert = (
        Certificate.objects.select_related("course", "user")
        .filter(public_id=public_id[:48])
        .first()
    )
    if cert is None:
        return JsonResponse({"error": "not found"}, status=404)
    if cert.is_revoked:
        # Open Badges hosted verification: a revoked assertion answers 410 with revoked=true only.
        return JsonResponse(
            {
                "@context": CONTEXT,
                "type": "Assertion",
                "id": _abs(
                    request, reverse("courses:certificate-assertion", args=[cert.public_id])
                ),
                "revoked": True,
            },
            status=410,
        )
    return JsonResponse(assertion(request, cert), json_dumps_params={"ensure_ascii": False})


def badge_svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
        '<circle cx="100" cy="100" r="90" fill="#0d6efd"/>'
        '<path d="M60 105l28 28 54-60" stroke="#fff" stroke-width="16" fill="none"/></svg>'
    )
