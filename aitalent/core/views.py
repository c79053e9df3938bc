from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent import __version__
from aitalent.core import health, sections, selectors
from aitalent.core.models import Topic

HOME_CACHE_SECONDS = 60


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    def community_numbers() -> dict:
        user_model = get_user_model()
        popular_rows = list(selectors.popular_topics(limit=12))
        return {
            "member_count": user_model.objects.filter(is_active=True).count(),
            "topic_count": Topic.objects.filter(kind=Topic.Kind.SKILL).count(),
            "domain_count": Topic.objects.filter(kind=Topic.Kind.DOMAIN).count(),
            "popular_topic_ids": [t.pk for t in popular_rows],
            "popular_counts": {t.pk: t.member_count for t in popular_rows},
        }

    # The same for everyone and costly at scale (counts over all members and skills): cached.
    numbers = cache.get_or_set("core:home-numbers", community_numbers, timeout=HOME_CACHE_SECONDS)
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=numbers["popular_topic_ids"])}
    popular = []
    for pk in numbers["popular_topic_ids"]:
        if pk in topics:
            topics[pk].member_count = numbers["popular_counts"][pk]
            popular.append(topics[pk])
    context = {
        "member_count": numbers["member_count"],
        "topic_count": numbers["topic_count"],
        "domain_count": numbers["domain_count"],
        "popular_topics": popular,
        "domains": list(Topic.objects.filter(kind=Topic.Kind.DOMAIN, parent__isnull=True)),
        "aside": sections.home_aside(request),
        # A callable: the template calls it only when its cached fragment has expired.
        "sections": lambda: sections.home_sections(request),
    }
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database_ok = health.check_database()
    worker = health.check_worker() if database_ok else {"status": "unknown", "workers": 0}
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "error",
        "worker": worker["status"],
        "workers": worker.get("workers", 0),
        "worker_last_heartbeat": worker.get("last_heartbeat"),
        "version": __version__,
    }
    return JsonResponse(body, status=200 if database_ok else 503)


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    # Callables: the template fragment is cached, so the queries run only on a cache miss.
    return render(
        request,
        "core/topic_list.html",
        {
            "skill_roots": lambda: list(selectors.list_topic_roots(kind=Topic.Kind.SKILL)),
            "domain_roots": lambda: list(selectors.list_topic_roots(kind=Topic.Kind.DOMAIN)),
        },
    )


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.get_topic(slug=slug)
    return render(
        request,
        "core/topic_detail.html",
        {"topic": topic, "sections": lambda: sections.topic_sections(request, topic)},
    )


@require_POST
@ratelimit(key="ip", rate="30/m", method="POST", block=True)
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switcher: a cookie for visitors, and the saved preference for members."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    if request.user.is_authenticated:
        from aitalent.accounts import services as account_services

        account_services.update_preferences(user=request.user, language=language)
    return response


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
