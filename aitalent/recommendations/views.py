from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.recommendations import selectors, services
from aitalent.recommendations.models import RefreshRun, Surface

HOME_FEED_SIZE = 6


def _lists_for(user: Any) -> dict[str, list[selectors.Suggestion]]:
    found = selectors.all_surfaces(user=user)
    if found is None:
        services.cold_start(user=user)
        found = selectors.all_surfaces(user=user) or {}
    return found


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = _lists_for(request.user)
    for surface, items in lists.items():
        services.log_impression(user=request.user, surface=surface, shown=len(items))
    sections = [
        (surface, label, lists.get(surface, []))
        for surface, label in Surface.choices
        if surface != Surface.SIMILAR
    ]
    return render(
        request,
        "recommendations/index.html",
        {"sections": sections, "privacy_url": reverse("people:privacy")},
    )


def home_feed(request: Any) -> tuple[str, dict[str, Any]] | None:
    """The home page's per-viewer "For you" block (registered as a home aside: never cached)."""
    if not getattr(request.user, "is_authenticated", False):
        return None
    items = selectors.suggestions(user=request.user, surface=Surface.FEED, limit=HOME_FEED_SIZE)
    if items is None:
        services.cold_start(user=request.user)
        items = (
            selectors.suggestions(user=request.user, surface=Surface.FEED, limit=HOME_FEED_SIZE)
            or []
        )
    services.log_impression(user=request.user, surface=Surface.FEED, shown=len(items))
    return ("recommendations/partials/home_feed.html", {"items": items, "surface": Surface.FEED})


def profile_people(request: Any, member: Any) -> tuple[str, dict[str, Any]] | None:
    """On the member's own profile: people you may know (nobody else sees this block)."""
    if not getattr(request.user, "is_authenticated", False) or request.user.pk != member.pk:
        return None
    items = selectors.suggestions(user=request.user, surface=Surface.PEOPLE, limit=5)
    if items is None:
        return None
    services.log_impression(user=request.user, surface=Surface.PEOPLE, shown=len(items))
    return ("recommendations/partials/profile_people.html", {"items": items})


@require_GET
def similar(request: HttpRequest, item_type: str, item_id: int) -> HttpResponse:
    """The lazily loaded "similar items" block of a detail page (empty for visitors)."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    items = selectors.similar_items(viewer=request.user, item_type=item_type, item_id=item_id)
    experts = (
        selectors.experts_for_thread(viewer=request.user, thread_id=item_id)
        if item_type == "forum.thread"
        else []
    )
    teammates = (
        selectors.teammates_for_competition(viewer=request.user, competition_id=item_id)
        if item_type == "competitions.competition"
        else []
    )
    services.log_impression(user=request.user, surface=Surface.SIMILAR, shown=len(items))
    return render(
        request,
        "recommendations/partials/similar.html",
        {
            "items": items,
            "experts": experts,
            "teammates": teammates,
            "surface": Surface.SIMILAR,
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def dismiss(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        item_id = int(request.POST.get("id", ""))
    except ValueError:
        return HttpResponseBadRequest(_("id: give the number of the item to dismiss."))
    try:
        services.dismiss(
            user=request.user,
            surface=request.POST.get("surface", ""),
            item_type=request.POST.get("type", ""),
            item_id=item_id,
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    if request.htmx:
        return HttpResponse("")  # the card disappears
    return redirect("recommendations:index")


@login_required
@require_GET
@ratelimit(key="user", rate="600/h", method="GET", block=True)
def go(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log a click on a suggestion, then follow it (only to the item's own page)."""
    surface = request.GET.get("s", "")
    item_type = request.GET.get("t", "")
    try:
        item_id = int(request.GET.get("i", ""))
    except ValueError:
        return HttpResponseBadRequest(_("i: give the number of the item."))
    if surface not in Surface.values:
        return HttpResponseBadRequest(_("s: unknown surface."))
    target = selectors.click_target(viewer=request.user, item_type=item_type, item_id=item_id)
    if target is None:
        raise Http404
    services.log_click(user=request.user, surface=surface, item_type=item_type, item_id=item_id)
    return redirect(target)


@login_required
@require_GET
def stats(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Click-through per surface for staff."""
    if not request.user.is_staff:
        raise PermissionDenied
    return render(
        request,
        "recommendations/stats.html",
        {
            "rows": selectors.click_through(days=30),
            "runs": list(RefreshRun.objects.all()[:10]),
        },
    )
