from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from aitalent.core.http import AuthenticatedHttpRequest
from aitalent.forum import forms, selectors, services
from aitalent.forum.models import Thread

PAGE_SIZE = 25


def _rate(request: HttpRequest) -> str:
    # New members (first day) get tighter limits: spam comes from fresh accounts.
    from django.utils import timezone

    user = request.user
    if user.is_authenticated and (timezone.now() - user.date_joined).days < 1:
        return "5/h"
    return "30/h"


def _form_errors(form: object, exc: ValidationError) -> None:
    fields = getattr(form, "fields", {})
    for field, errors in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    ):
        form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]


@require_GET
def forum_index(request: HttpRequest) -> HttpResponse:
    state, sort = request.GET.get("state", ""), request.GET.get("sort", "activity")
    topic = request.GET.get("topic", "")[:60]
    rows = selectors.list_threads(viewer=request.user, topic=topic, state=state, sort=sort)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/index.html",
        {
            "categories": selectors.list_categories(viewer=request.user),
            "page": page,
            "state": state,
            "sort": sort,
            "topic": topic,
        },
    )


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.get_category_for_viewer(viewer=request.user, slug=slug)
    state, sort = request.GET.get("state", ""), request.GET.get("sort", "activity")
    topic = request.GET.get("topic", "")[:60]
    rows = selectors.list_threads(
        viewer=request.user, category=category, topic=topic, state=state, sort=sort
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "state": state,
            "sort": sort,
            "topic": topic,
        },
    )


@require_GET
def thread_detail(request: HttpRequest, slug: str) -> HttpResponse:
    thread = selectors.get_thread_for_viewer(viewer=request.user, slug=slug)
    services.count_view(thread=thread, viewer=request.user)
    posts = selectors.thread_posts(thread=thread, viewer=request.user)
    can_moderate = services.can_moderate(user=request.user, category=thread.category)
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "posts": posts,
            "reply_form": forms.ReplyForm(),
            "can_moderate": can_moderate,
            "can_reply": request.user.is_authenticated
            and ((not thread.is_locked and thread.status == Thread.Status.OPEN) or can_moderate),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=lambda group, request: _rate(request), method="POST", block=True)
def thread_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    categories = selectors.visible_categories(request.user).order_by("position", "name_en")
    initial = {"category": request.GET.get("category")} if request.GET.get("category") else {}
    form = forms.ThreadForm(
        request.POST or None,
        categories=categories,
        initial={**initial, "language": request.LANGUAGE_CODE},
    )
    if initial.get("category"):
        match = categories.filter(slug=initial["category"]).first()
        form.initial["category"] = match.pk if match else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.create_thread(
                author=request.user,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                topics=data["topics"],
                language=data["language"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(thread.get_absolute_url())
    return render(request, "forum/thread_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def topic_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Members with the reputation privilege add a topic (skill, domain) to the shared taxonomy."""
    from aitalent.activity import reputation
    from aitalent.core import services as core_services

    needed = reputation.PRIVILEGES["suggest_topic"]
    if not reputation.has_privilege(user=request.user, privilege="suggest_topic"):
        context = {"needed": needed, "have": reputation.total(user=request.user)}
        return render(request, "forum/topic_locked.html", context, status=403)
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = core_services.create_topic(
                name_en=data["name_en"],
                name_zh=data["name_zh"],
                kind=data["kind"],
                parent=data["parent"],
                description_en=data["description_en"],
                aliases=data["aliases"],
                created_by=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Topic “%(name)s” created.") % {"name": topic.name})
            return redirect(topic.get_absolute_url())
    return render(request, "forum/topic_form.html", {"form": form, "needed": needed})


@login_required
@require_POST
@ratelimit(key="user", rate=lambda group, request: _rate(request), method="POST", block=True)
def post_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    thread = selectors.get_thread_for_viewer(viewer=request.user, slug=slug)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.reply(
                thread=thread, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(thread.get_absolute_url())
        else:
            return redirect(f"{thread.get_absolute_url()}#post-{post.pk}")
    posts = selectors.thread_posts(thread=thread, viewer=request.user)
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "posts": posts,
            "reply_form": form,
            "can_reply": True,
            "can_moderate": services.can_moderate(user=request.user, category=thread.category),
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def post_edit(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
    form = forms.EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post=post, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")
    elif (
        request.method == "GET"
        and post.author_id != request.user.pk
        and not (services.can_moderate(user=request.user, category=post.thread.category))
    ):
        from aitalent.activity import reputation

        if not reputation.has_privilege(user=request.user, privilege="edit_wiki"):
            raise PermissionDenied
    return render(request, "forum/post_edit.html", {"form": form, "post": post})


@require_GET
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
    return render(
        request,
        "forum/post_history.html",
        {"post": post, "revisions": post.revisions.select_related("editor")},
    )


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def post_vote(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
    form = forms.VoteForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Vote up, down or withdraw.")
    else:
        try:
            post = services.vote(post=post, voter=request.user, value=form.cleaned_data["value"])
        except (PermissionDenied, ValidationError) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
    if request.htmx:
        post.my_vote = (
            post.votes.filter(voter=request.user).values_list("value", flat=True).first() or 0
        )
        return render(
            request,
            "forum/partials/vote_box.html",
            {"post": post, "vote_error": error},
            status=200 if not error else 400,
        )
    if error:
        messages.error(request, error)
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def post_accept(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.get_post_for_viewer(viewer=request.user, post_id=post_id)
    try:
        services.accept_answer(post=post, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{post.thread.get_absolute_url()}#post-{post.pk}")


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def thread_moderate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    thread = selectors.get_thread_for_viewer(viewer=request.user, slug=slug)
    form = forms.ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown moderation action."))
        return redirect(thread.get_absolute_url())
    original = None
    target = form.cleaned_data["duplicate_of"].rstrip("/").rsplit("/", 1)[-1]
    if form.cleaned_data["action"] == "duplicate" and target:
        original = Thread.objects.filter(slug=target).first()
    try:
        services.moderate_thread(
            thread=thread,
            by=request.user,
            action=form.cleaned_data["action"],
            duplicate_of=original,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(thread.get_absolute_url())
