from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aitalent.core import sections
from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.core.models import Topic
from aitalent.people import avatars, forms, limits, selectors, services


def rate_limited_response(request: HttpRequest, exc: limits.RateLimited) -> HttpResponse:
    response = render(
        request,
        "429.html",
        {"message": _("Too many requests. Try again in %(n)s seconds.") % {"n": exc.retry_after}},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def handles_rate_limits(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except limits.RateLimited as exc:
            return rate_limited_response(request, exc)

    return wrapper


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


def _back_to_profile(request: HttpRequest, handle: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
        return render(
            request, "people/partials/actions.html", {"profile": found, "member": found.user}
        )
    return redirect("people:profile", handle=handle)


# Profile pages -------------------------------------------------------------------------------


@require_GET
def profile(request: HttpRequest, handle: str) -> HttpResponse:
    found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
    context = {
        "profile": found,
        "member": found.user,
        "relation": found.relation,
        "skills": selectors.skills_with_evidence(profile=found, viewer=request.user),
        "connections": selectors.list_connections(profile=found, viewer=request.user, limit=12),
        "is_owner": found.relation.is_self,
        "endorse_form": forms.EndorseForm(),
        "connect_form": forms.ConnectForm(),
        "sections": sections.profile_sections(request, found.user),
    }
    if found.relation.is_self:
        context["completeness"] = selectors.completeness(profile=found)
    response = render(request, "people/profile.html", context)
    if not found.allow_indexing or found.visibility != "public":
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def avatar_image(request: HttpRequest, handle: str, size: int) -> HttpResponse:
    found = selectors.get_profile_for_viewer(viewer=request.user, handle=handle)
    if size not in avatars.SIZES or not found.avatar_path:
        raise Http404
    try:
        handle_file = default_storage.open(f"{found.avatar_path}-{size}.webp", "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle_file, content_type="image/webp")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectoryForm(request.GET or None)
    center = None
    if request.user.is_authenticated:
        center = services.utc_offset_minutes(request.user.timezone)
    page = None
    if not request.GET or form.is_valid():
        if not request.GET:
            form = forms.DirectoryForm({})
            form.is_valid()
        filters = form.to_filters(default_center=center)
        page = selectors.directory_page(
            viewer=request.user, filters=filters, page=form.cleaned_data.get("page") or 1
        )
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "people/partials/directory_results.html"
        if getattr(request, "htmx", False)
        else "people/directory.html"
    )
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def mentions(request: HttpRequest) -> HttpResponse:
    users = selectors.mention_lookup(viewer=request.user, q=request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"handle": u.handle, "name": u.name} for u in users]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = selectors.get_own_profile(user=request.user)
    form = forms.ProfileForm(request.POST or None, initial=forms.ProfileForm.initial_for(own))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(profile=own, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("people:profile-edit")
    return render(
        request,
        "people/edit.html",
        {
            "form": form,
            "profile": own,
            "skill_form": forms.SkillForm(),
            "avatar_form": forms.AvatarForm(),
            "completeness": selectors.completeness(profile=own),
            "tab": "profile",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = selectors.get_own_profile(user=request.user)
    form = forms.PrivacyForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.update_profile(
            profile=selectors.get_own_profile(user=request.user), by=request.user, **fields
        )
        messages.success(request, _("Your privacy settings were saved."))
        return redirect("people:privacy")
    return render(
        request,
        "people/privacy.html",
        {
            "form": form,
            "profile": own,
            "blocked": selectors.blocked_members(user=request.user),
            "tab": "privacy",
        },
    )


@login_required
@require_POST
def skill_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = selectors.get_own_profile(user=request.user)
    form = forms.SkillForm(request.POST)
    if form.is_valid():
        try:
            services.set_skill(
                profile=own,
                by=request.user,
                skill=form.cleaned_data["skill"].slug,
                level=form.cleaned_data["level"],
                years=form.cleaned_data["years"],
                how_used=form.cleaned_data["how_used"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Skill saved."))
            return redirect(reverse("people:profile-edit") + "#skills")
    else:
        messages.error(
            request, " ".join(f"{form.fields[k].label}: {v[0]}" for k, v in form.errors.items())
        )
    response = redirect(reverse("people:profile-edit") + "#skills")
    response.status_code = 303
    return response


@login_required
@require_POST
def skill_remove(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    services.remove_skill(
        profile=selectors.get_own_profile(user=request.user), by=request.user, skill=slug
    )
    messages.success(request, _("Skill removed."))
    return redirect(reverse("people:profile-edit") + "#skills")


@login_required
@require_POST
def avatar_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = selectors.get_own_profile(user=request.user)
    if request.POST.get("remove"):
        services.remove_avatar(profile=own, by=request.user)
        messages.success(request, _("Your photo was removed."))
        return redirect("people:profile-edit")
    form = forms.AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_avatar(profile=own, by=request.user, upload=form.cleaned_data["avatar"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect("people:profile-edit")
        messages.success(request, _("Your photo was updated."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("people:profile-edit")


# Network -------------------------------------------------------------------------------------


@login_required
@require_GET
def network(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "people/network.html",
        {
            "incoming": selectors.incoming_requests(user=request.user),
            "outgoing": selectors.outgoing_requests(user=request.user),
            "connections": selectors.my_connections(user=request.user)[:200],
            "following": selectors.followed_members(user=request.user)[:200],
            "topics": selectors.followed_topics(user=request.user),
        },
    )


@login_required
@require_POST
@handles_rate_limits
def connect(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    other = selectors.get_member(viewer=request.user, handle=handle)
    form = forms.ConnectForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _back_to_profile(request, handle)
    try:
        result = services.request_connection(
            from_user=request.user, to_user=other, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if result.status == "accepted":
            messages.success(request, _("You are now connected."))
        else:
            messages.success(request, _("Connection request sent."))
    return _back_to_profile(request, handle)


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, request_id: int, action: str) -> HttpResponse:
    found = selectors.get_request(viewer=request.user, request_id=request_id)
    actions = {
        "accept": services.accept_request,
        "decline": services.decline_request,
        "withdraw": services.withdraw_request,
    }
    if action not in actions:
        return HttpResponse(status=404)
    try:
        actions[action](request=found, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            {
                "accept": _("Request accepted: you are now connected."),
                "decline": _("Request declined."),
                "withdraw": _("Request withdrawn."),
            }[action],
        )
    return redirect("people:requests")


@login_required
@require_POST
def disconnect(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    other = selectors.get_member(viewer=request.user, handle=handle)
    services.remove_connection(user=request.user, other=other)
    messages.success(request, _("Connection removed."))
    return _back_to_profile(request, handle)


@login_required
@require_POST
@handles_rate_limits
def follow(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    other = selectors.get_member(viewer=request.user, handle=handle)
    try:
        if request.POST.get("unfollow"):
            services.unfollow_member(follower=request.user, followee=other)
        else:
            services.follow_member(follower=request.user, followee=other)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return _back_to_profile(request, handle)


@login_required
@require_POST
@handles_rate_limits
def topic_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    if request.POST.get("unfollow"):
        services.unfollow_topic(follower=request.user, topic=topic)
        messages.success(request, _("You no longer follow %(topic)s.") % {"topic": topic.name})
    else:
        services.follow_topic(follower=request.user, topic=topic)
        messages.success(request, _("You now follow %(topic)s.") % {"topic": topic.name})
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    if request.POST.get("unblock"):
        other = get_object_or_404(
            selectors.blocked_members(user=request.user), handle__iexact=handle
        )
        services.unblock_member(blocker=request.user, blocked=other)
        messages.success(request, _("%(name)s is unblocked.") % {"name": other.name})
        return redirect("people:privacy")
    other = selectors.get_member(viewer=request.user, handle=handle)
    try:
        services.block_member(blocker=request.user, blocked=other)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("people:profile", handle=handle)
    messages.success(
        request,
        _("%(name)s is blocked: you no longer see each other or exchange messages.")
        % {"name": other.name},
    )
    return redirect("people:directory")


@login_required
@require_http_methods(["GET", "POST"])
@handles_rate_limits
def report(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    other = selectors.get_member(viewer=request.user, handle=handle)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_member(
                reporter=request.user,
                reported=other,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Thank you. Our staff will review your report."))
            return redirect("people:profile", handle=handle)
    return render(request, "people/report.html", {"form": form, "member": other})


@login_required
@require_POST
@handles_rate_limits
def endorse(request: AuthenticatedHttpRequest, handle: str, slug: str) -> HttpResponse:
    skill = selectors.get_skill_for_endorsement(viewer=request.user, handle=handle, slug=slug)
    form = forms.EndorseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.endorse_skill(
                endorser=request.user, skill=skill, context=form.cleaned_data["context"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("You endorsed %(skill)s.") % {"skill": skill.topic.name})
    return redirect(reverse("people:profile", args=[handle]) + f"#skill-{slug}")


@login_required
@require_POST
def endorsement_manage(
    request: AuthenticatedHttpRequest, endorsement_id: int, action: str
) -> HttpResponse:
    found = selectors.get_endorsement(viewer=request.user, endorsement_id=endorsement_id)
    owner = found.skill.profile.user
    if action == "hide":
        services.set_endorsement_hidden(endorsement=found, by=request.user, hidden=True)
    elif action == "show":
        services.set_endorsement_hidden(endorsement=found, by=request.user, hidden=False)
    elif action == "withdraw":
        services.withdraw_endorsement(endorsement=found, by=request.user)
    else:
        return HttpResponse(status=404)
    return redirect(
        reverse("people:profile", args=[owner.handle]) + f"#skill-{found.skill.topic.slug}"
    )
