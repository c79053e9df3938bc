from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.notifications import forms, registry, selectors, services
from aitalent.notifications.models import Announcement

PAGE_SIZE = 30


def _with_sentences(rows: list) -> list:
    for row in rows:
        row.sentence = services.describe(row)
    return rows


def _safe_next(request: HttpRequest, url: str, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return fallback


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = request.GET.get("filter") == "unread"
    mentions = request.GET.get("filter") == "mentions"
    module = request.GET.get("module", "")[:30]
    rows = selectors.list_notifications(
        user=request.user, unread=unread, mentions=mentions, module=module
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_sentences(list(page.object_list))
    modules = [
        (name, registry.module_label(name))
        for name in sorted({kind.module for kind in registry.all_types()})
    ]
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": page.object_list,
            "modules": modules,
            "module": module,
            "filter": request.GET.get("filter", ""),
        },
    )


@login_required
@require_GET
def notification_dropdown(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = _with_sentences(list(selectors.list_notifications(user=request.user)[:8]))
    return render(request, "notifications/partials/dropdown.html", {"rows": rows})


@login_required
@require_GET
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Mark read and land on the exact item."""
    row = selectors.get_notification_for_user(user=request.user, notification_id=notification_id)
    services.mark_read(user=request.user, notification=row)
    return HttpResponseRedirect(_safe_next(request, row.url, "/notifications/"))


@login_required
@require_POST
@ratelimit(key="user", rate="60/m", method="POST", block=True)
def notification_read(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    row = selectors.get_notification_for_user(user=request.user, notification_id=notification_id)
    services.mark_read(user=request.user, notification=row)
    if request.htmx:
        row.sentence = services.describe(row)
        return render(request, "notifications/partials/row.html", {"row": row})
    return redirect("notifications:list")


@login_required
@require_POST
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user, module=request.POST.get("module", "")[:30])
    messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
    return redirect(_safe_next(request, request.POST.get("next", ""), "/notifications/"))


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def preferences_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = services.preferences_for(user=request.user)
    form = forms.PreferencesForm(request.POST or None, rows=rows)
    paused = request.user.notification_preferences.filter(
        verb=services.ALL_EMAIL, email="off"
    ).exists()
    if request.method == "GET":
        form.fields["all_email_off"].initial = paused
    if request.method == "POST" and form.is_valid():
        for verb, (email, in_app) in form.choices_by_verb().items():
            services.set_preference(user=request.user, verb=verb, email=email, in_app=in_app)
        services.set_preference(
            user=request.user,
            verb=services.ALL_EMAIL,
            email="off" if form.cleaned_data["all_email_off"] else "instant",
        )
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", method="POST", block=True)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, verb = services.read_unsubscribe_token(token)
    except ValidationError:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    label = _("all e-mail") if verb == services.ALL_EMAIL else None
    if label is None:
        try:
            label = registry.get_type(verb).label
        except LookupError:
            label = _("all e-mail")
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(
        request, "notifications/unsubscribe.html", {"label": label, "token": token, "member": user}
    )


@login_required
@require_POST
@ratelimit(key="user", rate="60/m", method="POST", block=True)
def watch_set(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.WatchForm(request.POST)
    fallback = request.META.get("HTTP_REFERER", "/")
    if not form.is_valid():
        messages.error(request, _("Choose watching, tracking, normal or muted."))
        return redirect(_safe_next(request, fallback, "/"))
    data = form.cleaned_data
    try:
        services.set_watch_level(
            user=request.user,
            target_type=data["target_type"],
            target_id=data["target_id"],
            level=data["level"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(
            request,
            "notifications/partials/watch_button.html",
            {
                "watch_level": data["level"],
                "watch_type": data["target_type"],
                "watch_id": data["target_id"],
                "next": data.get("next", ""),
            },
        )
    return redirect(_safe_next(request, data.get("next") or fallback, "/"))


@staff_member_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/m", method="POST", block=True)
def announcement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            announcement = services.create_announcement(
                author=request.user,
                title=data["title"],
                body=data["body"],
                audience=data["audience"],
                audience_id=data["topic"].pk if data.get("topic") else None,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The announcement is being sent."))
            return redirect("notifications:announcement-detail", announcement_id=announcement.pk)
    recent = Announcement.objects.select_related("author")[:10]
    return render(request, "notifications/announcement_form.html", {"form": form, "recent": recent})


@login_required
@require_GET
def announcement_detail(request: AuthenticatedHttpRequest, announcement_id: int) -> HttpResponse:
    announcement = selectors.get_announcement_for_user(
        user=request.user, announcement_id=announcement_id
    )
    return render(request, "notifications/announcement_detail.html", {"announcement": announcement})
