from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aitalent.accounts.models import User
from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.messaging import forms, selectors, services
from aitalent.people import selectors as people
from aitalent.people.views import handles_rate_limits


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


@login_required
@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = selectors.list_conversations(user=request.user)[:200]
    return render(request, "messaging/inbox.html", {"memberships": memberships})


@login_required
@require_GET
def badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/partials/badge_count.html",
        {"unread": selectors.unread_total(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@handles_rate_limits
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.NewConversationForm(
        request.POST or None, initial={"to": request.GET.get("to", "")}
    )
    if request.method == "POST" and form.is_valid():
        handles = form.handles()
        # Only members the sender may see can be addressed; unknown and hidden look the same.
        recipients = []
        for handle in handles[:25]:
            try:
                recipients.append(
                    User.objects.get(pk=people.get_member(viewer=request.user, handle=handle).pk)
                )
            except Exception:  # noqa: BLE001 - Http404 from the access check
                form.add_error("to", _("No member @%(handle)s you can reach.") % {"handle": handle})
        if not form.errors:
            try:
                conversation = services.start_conversation(
                    creator=request.user,
                    recipients=recipients,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("messaging:detail", conversation_id=conversation.pk)
    return render(request, "messaging/new.html", {"form": form})


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation, membership = selectors.get_conversation(
        viewer=request.user, conversation_id=conversation_id
    )
    if membership.unread_count:
        services.mark_read(conversation=conversation, user=request.user)
    return render(
        request,
        "messaging/detail.html",
        {
            "conversation": conversation,
            "membership": membership,
            "participants": selectors.participants(conversation=conversation),
            "messages_list": selectors.list_messages(
                conversation=conversation, viewer=request.user
            ),
            "form": forms.MessageForm(),
        },
    )


@login_required
@require_POST
@handles_rate_limits
def send(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation, _membership = selectors.get_conversation(
        viewer=request.user, conversation_id=conversation_id
    )
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.send_message(
                conversation=conversation, sender=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            return redirect(
                reverse("messaging:detail", args=[conversation.pk]) + f"#message-{message.pk}"
            )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("messaging:detail", conversation_id=conversation.pk)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation, _membership = selectors.get_conversation(
        viewer=request.user, conversation_id=conversation_id
    )
    try:
        services.leave_conversation(conversation=conversation, user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("messaging:detail", conversation_id=conversation.pk)
    messages.success(request, _("You left the conversation."))
    return redirect("messaging:inbox")


@login_required
@require_POST
def mute(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation, membership = selectors.get_conversation(
        viewer=request.user, conversation_id=conversation_id
    )
    services.set_muted(conversation=conversation, user=request.user, muted=not membership.is_muted)
    return redirect("messaging:detail", conversation_id=conversation.pk)
