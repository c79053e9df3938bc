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
from aitalent.forum import forms as forum_forms
from aitalent.forum import selectors as forum_selectors
from aitalent.knowledge import forms, selectors, services
from aitalent.knowledge.embeds import video_embed_url
from aitalent.knowledge.models import Resource

PAGE_SIZE = 24


def _apply_errors(form: object, exc: ValidationError) -> None:
    fields = getattr(form, "fields", {})
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    params = {
        key: request.GET.get(key, "")[:60]
        for key in ("kind", "topic", "difficulty", "language", "sort")
    }
    rows = selectors.list_resources(
        viewer=request.user,
        kind=params["kind"],
        topic=params["topic"],
        difficulty=params["difficulty"],
        language=params["language"],
        sort=params["sort"] or "newest",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/list.html",
        {
            "page": page,
            "params": params,
            "kinds": Resource.Kind.choices,
            "difficulties": Resource.Difficulty.choices,
            "drafts": list(selectors.list_my_drafts(user=request.user)[:5])
            if request.user.is_authenticated
            else [],
        },
    )


@require_GET
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    thread = posts = None
    if resource.is_published:
        services.count_view(resource=resource, viewer=request.user)
        thread = services.discussion_thread(resource=resource)
        posts = forum_selectors.thread_posts(thread=thread, viewer=request.user)
    collections = []
    if request.user.is_authenticated:
        collections = list(request.user.collections.order_by("title")[:20])
    return render(
        request,
        "knowledge/detail.html",
        {
            "resource": resource,
            "state": selectors.viewer_state(viewer=request.user, resource=resource),
            "embed_url": video_embed_url(resource.url)
            if resource.kind == Resource.Kind.VIDEO
            else None,
            "thread": thread,
            "posts": posts,
            "reply_form": forum_forms.ReplyForm(),
            "collections": collections,
            "can_edit": request.user.is_authenticated
            and (request.user.pk == resource.author_id or request.user.is_staff),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ResourceForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics, publish = data.pop("topics"), data.pop("publish")
        try:
            resource = services.create_resource(
                author=request.user, topics=topics, publish=publish, **data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if not publish:
                messages.info(
                    request, _("Saved as a draft. Only you can see it until you publish it.")
                )
            return redirect(resource.get_absolute_url())
    return render(request, "knowledge/form.html", {"form": form, "resource": None})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def resource_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    if resource.author_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied
    initial = {field: getattr(resource, field) for field in services.EDITABLE}
    initial["topics"] = list(resource.topics.all())
    initial["publish"] = resource.is_published
    form = forms.ResourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics, publish = data.pop("topics"), data.pop("publish")
        try:
            resource = services.update_resource(
                resource=resource, editor=request.user, topics=topics, **data
            )
            if publish and not resource.is_published:
                services.publish_resource(resource=resource, by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(resource.get_absolute_url())
    return render(request, "knowledge/form.html", {"form": form, "resource": resource})


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def resource_like(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    try:
        resource = services.set_like(
            resource=resource, user=request.user, liked=request.POST.get("liked") == "1"
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    if request.htmx:
        return render(
            request,
            "knowledge/partials/actions.html",
            {
                "resource": resource,
                "state": selectors.viewer_state(viewer=request.user, resource=resource),
            },
        )
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
@ratelimit(key="user", rate="120/h", method="POST", block=True)
def resource_bookmark(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    resource = services.set_bookmark(
        resource=resource, user=request.user, bookmarked=request.POST.get("bookmarked") == "1"
    )
    if request.htmx:
        return render(
            request,
            "knowledge/partials/actions.html",
            {
                "resource": resource,
                "state": selectors.viewer_state(viewer=request.user, resource=resource),
            },
        )
    return redirect(resource.get_absolute_url())


@require_GET
def resource_history(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    return render(
        request,
        "knowledge/history.html",
        {"resource": resource, "revisions": resource.revisions.select_related("editor")},
    )


@login_required
@require_GET
def bookmark_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_bookmarks(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/bookmarks.html", {"page": page})


@require_GET
def collection_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_collections(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "knowledge/collections.html", {"page": page, "form": forms.CollectionForm()}
    )


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def collection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CollectionForm(request.POST)
    if form.is_valid():
        collection = services.create_collection(owner=request.user, **form.cleaned_data)
        return redirect(collection.get_absolute_url())
    page = Paginator(selectors.list_collections(viewer=request.user), PAGE_SIZE).get_page(1)
    return render(request, "knowledge/collections.html", {"page": page, "form": form}, status=400)


@require_GET
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = selectors.get_collection_for_viewer(viewer=request.user, slug=slug)
    return render(
        request,
        "knowledge/collection.html",
        {
            "collection": collection,
            "items": selectors.collection_items(collection=collection, viewer=request.user),
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="60/h", method="POST", block=True)
def collection_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_viewer(viewer=request.user, slug=slug)
    form = forms.CollectionAddForm(request.POST)
    if form.is_valid():
        collection = selectors.get_collection_for_viewer(
            viewer=request.user, slug=form.cleaned_data["collection"]
        )
        try:
            services.add_to_collection(
                collection=collection,
                by=request.user,
                resource=resource,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Added to %(title)s.") % {"title": collection.title})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(resource.get_absolute_url())
