from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from aitalent.notifications import services

register = template.Library()


@register.inclusion_tag("notifications/partials/watch_button.html", takes_context=True)
def watch_control(context: dict[str, Any], target: models.Model) -> dict[str, Any]:
    """The watch-level selector for any watchable object (one indexed query per page)."""
    request = context["request"]
    target_type = f"{target._meta.app_label}.{target._meta.model_name}"
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "watch_type": target_type,
        "watch_id": target.pk,
        "watch_level": services.get_watch_level(
            user=request.user, target_type=target_type, target_id=target.pk
        ),
        "next": request.get_full_path(),
    }
