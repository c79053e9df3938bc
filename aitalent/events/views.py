from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.events import calendars, forms, selectors, services
from aitalent.events.models import RSVP, Event, Group
from aitalent.forum import forms as forum_forms
from aitalent.forum import selectors as forum_selectors

PAGE_SIZE = 20


def _apply_errors(form: Any, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        form.add_error(field if field in form.fields else None, errors)


def _flash_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> tuple[selectors.EventFilters, dict[str, str]]:
    params = {
        k: request.GET.get(k, "")[:60]
        for k in ("topic", "domain", "city", "online", "from", "to", "q", "group")
    }
    filters = selectors.EventFilters(
        topic=params["topic"],
        domain=params["domain"],
        city=params["city"],
        online=params["online"] == "1",
        date_from=_parse_date(params["from"]),
        date_to=_parse_date(params["to"]),
        q=params["q"],
        group=params["group"],
    )
    return filters, params


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    filters, params = _filters(request)
    past = request.GET.get("when") == "past"
    rows = selectors.list_events(viewer=request.user, filters=filters, past=past)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    from aitalent.core.models import Topic

    return render(
        request,
        "events/list.html",
        {
            "page": page,
            "params": params,
            "past": past,
            "cities": selectors.list_cities(),
            "domains": Topic.objects.filter(kind=Topic.Kind.DOMAIN).order_by("name_en"),
            "mine": list(selectors.my_upcoming_events(user=request.user)[:5])
            if request.user.is_authenticated
            else [],
        },
    )


@require_GET
def event_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    grid = selectors.month_grid(viewer=request.user, year=year, month=month)
    return render(request, "events/calendar.html", {**grid, "today": today})


def _detail_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    rsvp = selectors.viewer_rsvp(event=event, viewer=request.user)
    is_organizer = services.is_organizer(event=event, user=request.user)
    thread = services.discussion_thread(event=event)
    counts = selectors.seat_counts(event=event)
    return {
        "event": event,
        "rsvp": rsvp,
        "is_organizer": is_organizer,
        "show_private": selectors.can_see_private_details(
            event=event, viewer=request.user, rsvp=rsvp
        ),
        "counts": counts,
        "spots_left": None if event.capacity is None else max(event.capacity - counts["seats"], 0),
        "rsvp_form": forms.RSVPForm(
            event=event,
            initial={
                "guests": rsvp.guests if rsvp else 0,
                "is_listed": rsvp.is_listed if rsvp else False,
            },
        ),
        "rsvp_closes_at": services.rsvp_closes_at(event),
        "is_past": event.ends_at < timezone.now(),
        "attendees": selectors.listed_attendees(event=event),
        "people_met": selectors.people_met(event=event, viewer=request.user),
        "google_url": calendars.google_url(event),
        "outlook_url": calendars.outlook_url(event),
        "map_url": calendars.map_url(event),
        "thread": thread,
        "posts": forum_selectors.thread_posts(thread=thread, viewer=request.user),
        "reply_form": forum_forms.ReplyForm(),
    }


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(viewer=request.user, slug=slug)
    services.count_view(event=event, viewer=request.user)
    return render(request, "events/detail.html", _detail_context(request, event))


def _event_form_page(
    request: AuthenticatedHttpRequest, form: forms.EventForm, event: Event | None
) -> HttpResponse:
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {
        "timezone": request.user.timezone or "UTC",
        "language": request.LANGUAGE_CODE,
        "format": Event.Format.IN_PERSON,
    }
    group_slug = request.GET.get("group", "")
    if group_slug:
        initial["group"] = Group.objects.filter(slug=group_slug).first()
    form = forms.EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(organizer=request.user, **form.service_kwargs())
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Event created."))
            return redirect(event.get_absolute_url())
    return _event_form_page(request, form, None)


def _local(value: Any, event: Event) -> Any:
    return timezone.localtime(value, event.zone).replace(tzinfo=None) if value else None


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_to_manage(viewer=request.user, slug=slug)
    initial: dict[str, Any] = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial.update(
        {
            "group": event.group,
            "start": _local(event.starts_at, event),
            "end": _local(event.ends_at, event),
            "rsvp_opens": _local(event.rsvp_opens_at, event),
            "rsvp_closes": _local(event.rsvp_closes_at, event),
            "topics": list(event.topics.all()),
            "questions": forms.format_questions(event),
        }
    )
    form = forms.EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("group", None)  # moving an event between groups is not offered
        try:
            event = services.update_event(event=event, by=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved. Attendees were told about time or place changes."))
            return redirect(event.get_absolute_url())
    return _event_form_page(request, form, event)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def group_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(slug=slug)
    if not services.is_group_organizer(group=group, user=request.user):
        raise PermissionDenied
    initial = {field: getattr(group, field) for field in services.GROUP_FIELDS}
    initial["topics"] = list(group.topics.all())
    form = forms.GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        try:
            group = services.update_group(group=group, by=request.user, topics=topics, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(group.get_absolute_url())
    return render(request, "events/group_form.html", {"form": form, "group": group})


@login_required
@require_POST
@ratelimit(key="user", rate="60/m", method="POST", block=True)
def event_rsvp(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(viewer=request.user, slug=slug)
    status = request.POST.get("status", "")
    form = forms.RSVPForm(request.POST, event=event)
    if status == RSVP.Status.GOING and not form.is_valid():
        context = _detail_context(request, event)
        context["rsvp_form"] = form
        return render(request, "events/detail.html", context, status=400)
    try:
        row = services.rsvp(
            event=event,
            user=request.user,
            status=status,
            guests=form.cleaned_data.get("guests") or 0 if form.is_valid() else 0,
            answers=form.answers() if form.is_valid() else {},
            is_listed=form.cleaned_data.get("is_listed") if form.is_valid() else None,
        )
    except (ValidationError, PermissionDenied) as exc:
        _flash_error(request, exc)
    else:
        notes = {
            RSVP.Status.GOING: _("You are going. See you there!"),
            RSVP.Status.WAITLISTED: _(
                "The event is full: you are on the waitlist. "
                "We will offer you a spot when one frees up."
            ),
            RSVP.Status.NOT_GOING: _("You are not going."),
        }
        messages.info(request, notes.get(row.status, row.get_status_display()))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_offer(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(viewer=request.user, slug=slug)
    accept = request.POST.get("accept") == "1"
    try:
        services.respond_to_offer(event=event, user=request.user, accept=accept)
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(
            request, _("You are going. See you there!") if accept else _("Offer declined.")
        )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_listed(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(viewer=request.user, slug=slug)
    try:
        services.set_listed(
            event=event, user=request.user, listed=request.POST.get("listed") == "1"
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    return redirect(event.get_absolute_url())


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(viewer=request.user, slug=slug)
    allowed = (
        {event.pk} if selectors.can_see_private_details(event=event, viewer=request.user) else set()
    )
    body = calendars.build_calendar([event], with_link_for=allowed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


# --- organizer tools ----------


@login_required
@require_http_methods(["GET", "POST"])
def event_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Attendees with their answers, the waitlist, capacity, messages, copy and repeat."""
    event = selectors.get_event_to_manage(viewer=request.user, slug=slug)
    message_form = forms.MessageForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "capacity":
                raw = request.POST.get("capacity", "").strip()
                capacity = int(raw) if raw else None
                services.set_capacity(event=event, by=request.user, capacity=capacity)
                messages.success(request, _("Capacity updated."))
            elif action == "remove":
                services.remove_attendee(
                    event=event, by=request.user, user_id=int(request.POST.get("user_id", 0))
                )
                messages.success(request, _("Removed."))
            elif action == "message":
                message_form = forms.MessageForm(request.POST)
                if message_form.is_valid():
                    sent = services.message_attendees(
                        event=event, by=request.user, **message_form.cleaned_data
                    )
                    messages.success(
                        request, _("Sent to %(count)d people.") % {"count": sent.recipient_count}
                    )
            elif action == "cancel":
                services.cancel_event(event=event, by=request.user)
                messages.success(
                    request, _("The event is cancelled; everyone registered was told.")
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValueError:
            messages.error(request, _("Give a whole number."))
        except (ValidationError, PermissionDenied) as exc:
            _flash_error(request, exc)
        else:
            if action != "message" or message_form.is_valid():
                return redirect("events:manage", slug=event.slug)
    event.refresh_from_db()
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "counts": selectors.seat_counts(event=event),
            "going": selectors.attendee_rows(event=event, statuses=[RSVP.Status.GOING]),
            "waitlist": selectors.waitlist(event=event),
            "questions": list(event.questions.all()),
            "message_form": message_form,
            "series_form": forms.SeriesForm(),
            "sent": list(event.messages.all()[:10]),
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def event_copy(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_to_manage(viewer=request.user, slug=slug)
    try:
        copy = services.copy_event(event=event, by=request.user)
    except ValidationError as exc:
        _flash_error(request, exc)
        return redirect("events:manage", slug=event.slug)
    messages.success(request, _("A copy one week later was created: check and adjust it."))
    return redirect("events:edit", slug=copy.slug)


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def event_repeat(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_to_manage(viewer=request.user, slug=slug)
    form = forms.SeriesForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_series(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _flash_error(request, exc)
        else:
            messages.success(request, _("%(count)d occurrences created.") % {"count": len(created)})
    else:
        messages.error(request, _("Choose how often and how many times."))
    return redirect("events:manage", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_checkin(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_to_manage(viewer=request.user, slug=slug)
    if request.method == "POST":
        try:
            services.check_in(
                event=event,
                by=request.user,
                user_id=int(request.POST.get("user_id", 0) or 0),
                attended=request.POST.get("attended") == "1",
            )
        except ValidationError as exc:
            _flash_error(request, exc)
    q = request.GET.get("q", request.POST.get("q", ""))[:80]
    rows = selectors.attendee_rows(event=event, q=q, statuses=[RSVP.Status.GOING])
    context = {"event": event, "rows": rows, "q": q, "counts": selectors.seat_counts(event=event)}
    if request.htmx:
        return render(request, "events/partials/checkin_rows.html", context)
    if request.method == "POST":
        return redirect(f"{request.path}?q={q}")
    return render(request, "events/checkin.html", context)


# --- personal calendar feed ----------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.revoke_calendar_feed(user=request.user)
        messages.success(request, _("New feed address created; the old one no longer works."))
        return redirect("events:feed-settings")
    feed = services.calendar_feed(user=request.user)
    url = request.build_absolute_uri(f"/events/feed/{feed.token}.ics")
    return render(
        request,
        "events/feed.html",
        {"feed_url": url, "events": selectors.my_upcoming_events(user=request.user)},
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user, events = selectors.feed_events(token=token)
    body = calendars.build_calendar(
        events, with_link_for={e.pk for e in events}, name=f"{user.name} · events"
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- groups ----------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:80]
    rows = selectors.list_groups(q=q, topic=request.GET.get("topic", "")[:60])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/groups.html", {"page": page, "q": q})


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(slug=slug)
    membership = selectors.group_membership(group=group, viewer=request.user)
    is_organizer = services.is_group_organizer(group=group, user=request.user)
    upcoming = selectors.list_events(
        viewer=request.user, filters=selectors.EventFilters(group=group.slug)
    )
    from aitalent.notifications import services as notifications

    return render(
        request,
        "events/group_detail.html",
        {
            "group": group,
            "membership": membership,
            "is_organizer": is_organizer,
            "members": selectors.group_members(group=group),
            "pending": selectors.pending_members(group=group) if is_organizer else [],
            "upcoming": list(upcoming[:20]),
            "watch_level": notifications.get_watch_level(
                user=request.user, target_type="events.group", target_id=group.pk
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(creator=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect(group.get_absolute_url())
    return render(request, "events/group_form.html", {"form": form})


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def group_action(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group(slug=slug)
    action = request.POST.get("action", "")
    try:
        if action == "join":
            row = services.join_group(group=group, user=request.user)
            messages.success(
                request,
                _("Welcome to the group.")
                if row.status == "active"
                else _("Asked to join: the organizers will decide."),
            )
        elif action == "leave":
            services.leave_group(group=group, user=request.user)
        elif action in ("follow", "unfollow"):
            services.follow_group(group=group, user=request.user, follow=action == "follow")
        elif action == "approve":
            services.approve_member(
                group=group, by=request.user, user_id=int(request.POST.get("user_id", 0))
            )
        elif action == "make-organizer":
            services.set_group_role(
                group=group,
                by=request.user,
                user_id=int(request.POST.get("user_id", 0)),
                role="organizer",
            )
        else:
            raise ValidationError(_("Unknown action."))
    except (ValidationError, PermissionDenied, ValueError) as exc:
        if isinstance(exc, PermissionDenied):
            raise
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(group.get_absolute_url())
