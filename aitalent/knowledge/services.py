from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from aitalent.activity import reputation
from aitalent.activity import services as activity
from aitalent.core import member_data
from aitalent.core.models import Topic
from aitalent.forum import services as forum
from aitalent.knowledge.embeds import video_embed_url
from aitalent.knowledge.models import (
    Bookmark,
    Collection,
    CollectionItem,
    Like,
    Resource,
    ResourceRevision,
)
from aitalent.notifications import services as notifications
from aitalent.search import services as search

ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
LINK_KINDS = {
    Resource.Kind.VIDEO,
    Resource.Kind.DATASET,
    Resource.Kind.REPOSITORY,
    Resource.Kind.NOTEBOOK,
}
EDITABLE = [
    "kind",
    "title",
    "summary",
    "body",
    "url",
    "arxiv_id",
    "doi",
    "authors",
    "venue",
    "year",
    "difficulty",
    "language",
]


def register() -> None:
    from aitalent.knowledge import selectors

    notifications.register_type(
        "knowledge.published",
        module="knowledge",
        label=_("New resources on topics I watch"),
        message=_("%(actor)s published “%(title)s”"),
        default_email="weekly",
    )
    notifications.register_type(
        "knowledge.liked",
        module="knowledge",
        label=_("Likes on my resources"),
        message=_("%(actor)s liked “%(title)s”"),
        default_email="off",
    )
    notifications.register_watchable(
        "knowledge.collection", label=_("collection"), resolve=selectors.resolve_collection
    )
    search.register(
        "knowledge.resource",
        selectors.search_documents,
        label=_("Resources"),
        icon="bi-journal-text",
    )
    forum.register_context_url("knowledge.resource", selectors.resource_url)
    from aitalent.core import sections

    sections.register_home(selectors.home_section, order=20)
    sections.register_topic(selectors.topic_section, order=20)
    member_data.register(
        "knowledge",
        export=export_member_data,
        erase=erase_member_data,
        models=[
            "knowledge.Resource",
            "knowledge.ResourceRevision",
            "knowledge.Like",
            "knowledge.Bookmark",
            "knowledge.Collection",
            "knowledge.CollectionItem",
        ],
    )


def _unique_slug(title: str) -> str:
    return f"{(slugify(title)[:80].strip('-') or 'resource')}-{uuid.uuid4().hex[:6]}"


def _validate(resource: Resource, topics: list[Topic]) -> None:
    errors: dict[str, str] = {}
    kind = resource.kind
    if kind in (Resource.Kind.ARTICLE, Resource.Kind.TUTORIAL) and len(resource.body.strip()) < 50:
        errors["body"] = _("Write the article here: at least a few sentences (50 characters).")
    if kind in LINK_KINDS and not resource.url:
        errors["url"] = _("Add the link to the video, dataset, repository or notebook.")
    if kind == Resource.Kind.VIDEO and resource.url and video_embed_url(resource.url) is None:
        errors["url"] = _(
            "Use a YouTube or Bilibili video link, e.g. https://www.youtube.com/watch?v=…"
        )
    if kind == Resource.Kind.PAPER:
        if not (resource.arxiv_id or resource.doi or resource.url):
            errors["arxiv_id"] = _("Give the arXiv id (e.g. 1706.03762), a DOI or a link.")
        if resource.arxiv_id and not ARXIV_ID.match(resource.arxiv_id):
            errors["arxiv_id"] = _("An arXiv id looks like 1706.03762 or cs.LG/0601001.")
        if resource.doi and not DOI.match(resource.doi):
            errors["doi"] = _("A DOI looks like 10.1038/nature14539.")
        if resource.year and not 1900 <= resource.year <= timezone.now().year + 1:
            errors["year"] = _("Give the year of publication.")
    if len(topics) > 6:
        errors["topics"] = _("Choose at most 6 topics and domains.")
    if errors:
        raise ValidationError(errors)
    resource.full_clean(exclude=["slug"])


@transaction.atomic
def create_resource(
    *, author: Any, topics: Iterable[Topic] = (), publish: bool = False, **fields: Any
) -> Resource:
    fields = {key: value for key, value in fields.items() if key in EDITABLE}
    resource = Resource(author=author, slug=_unique_slug(fields.get("title", "")), **fields)
    topics = list(topics)
    _validate(resource, topics)
    resource.save()
    resource.topics.set(topics)
    if publish:
        publish_resource(resource=resource, by=author)
    return resource


def _can_edit(resource: Resource, user: Any) -> bool:
    return user.is_authenticated and (resource.author_id == user.pk or user.is_staff)


@transaction.atomic
def update_resource(
    *, resource: Resource, editor: Any, topics: Iterable[Topic] | None = None, **fields: Any
) -> Resource:
    if not _can_edit(resource, editor):
        raise PermissionDenied(_("Only the author can edit this resource."))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    ResourceRevision.objects.create(
        resource=resource,
        title=resource.title,
        summary=resource.summary,
        body=resource.body,
        editor=editor,
    )
    for key, value in fields.items():
        if key in EDITABLE:
            setattr(resource, key, value)
    topic_list = list(topics) if topics is not None else list(resource.topics.all())
    _validate(resource, topic_list)
    resource.save()
    if topics is not None:
        resource.topics.set(topic_list)
    if resource.is_published:
        transaction.on_commit(lambda: index_resource(resource.pk))
    return resource


@transaction.atomic
def publish_resource(*, resource: Resource, by: Any) -> Resource:
    if not _can_edit(resource, by):
        raise PermissionDenied(_("Only the author can publish this resource."))
    if resource.is_published:
        return resource
    resource.status = Resource.Status.PUBLISHED
    resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at", "updated_at"])
    topics = list(resource.topics.all())
    author = resource.author

    def after() -> None:
        index_resource(resource.pk)
        if author is not None:
            notifications.watch_by_default(user=author, target=resource)
            activity.record(actor=author, verb="publish", target=resource)
        for topic in topics:
            notifications.notify_watchers(
                target=topic,
                verb="knowledge.published",
                actor=author,
                url=resource.get_absolute_url(),
                context={"title": resource.title},
                key=f"knowledge-published-{resource.pk}",
            )

    transaction.on_commit(after)
    return resource


def index_resource(resource_id: int) -> None:
    from aitalent.knowledge import selectors

    resource = Resource.objects.prefetch_related("topics").filter(pk=resource_id).first()
    document = selectors.search_document(resource) if resource else None
    if document is None:
        search.remove(doc_type="knowledge.resource", object_id=resource_id)
    else:
        search.index(**document)


@transaction.atomic
def set_like(*, resource: Resource, user: Any, liked: bool) -> Resource:
    if not resource.is_published:
        raise ValidationError({"resource": _("Drafts cannot be liked.")})
    if resource.author_id == user.pk:
        raise PermissionDenied(_("You cannot like your own resource."))
    source = f"knowledge-like-{resource.pk}-{user.pk}"
    if liked:
        try:
            with transaction.atomic():
                Like.objects.create(resource=resource, user=user)
        except IntegrityError:
            return resource
        Resource.objects.filter(pk=resource.pk).update(like_count=F("like_count") + 1)
        if resource.author_id:
            reputation.award(
                user=resource.author, reason="resource_liked", category="resources", source=source
            )
            transaction.on_commit(
                lambda: notifications.notify(
                    recipients=[resource.author],
                    verb="knowledge.liked",
                    actor=user,
                    target=resource,
                    url=resource.get_absolute_url(),
                    context={"title": resource.title},
                    key=source,
                    group_key=f"knowledge-likes-{resource.pk}",
                )
            )
        transaction.on_commit(lambda: activity.record(actor=user, verb="like", target=resource))
    else:
        deleted, _rows = Like.objects.filter(resource=resource, user=user).delete()
        if deleted:
            Resource.objects.filter(pk=resource.pk).update(like_count=F("like_count") - 1)
            if resource.author_id:
                reputation.revoke(user=resource.author, source=source)
    resource.refresh_from_db(fields=["like_count"])
    return resource


@transaction.atomic
def set_bookmark(*, resource: Resource, user: Any, bookmarked: bool) -> Resource:
    if bookmarked:
        _bookmark, created = Bookmark.objects.get_or_create(resource=resource, user=user)
        if created:
            Resource.objects.filter(pk=resource.pk).update(bookmark_count=F("bookmark_count") + 1)
            transaction.on_commit(
                lambda: activity.record(actor=user, verb="bookmark", target=resource)
            )
    else:
        deleted, _rows = Bookmark.objects.filter(resource=resource, user=user).delete()
        if deleted:
            Resource.objects.filter(pk=resource.pk).update(bookmark_count=F("bookmark_count") - 1)
    resource.refresh_from_db(fields=["bookmark_count"])
    return resource


def count_view(*, resource: Resource, viewer: Any) -> None:
    Resource.objects.filter(pk=resource.pk).update(view_count=F("view_count") + 1)
    if getattr(viewer, "is_authenticated", False):
        activity.record(actor=viewer, verb="view", target=resource)


def discussion_thread(*, resource: Resource) -> Any:
    return forum.get_or_create_context_thread(
        target=resource,
        title=resource.title,
        author=resource.author,
        topics=resource.topics.all(),
        language=resource.language,
    )


@transaction.atomic
def create_collection(
    *, owner: Any, title: str, description: str = "", is_public: bool = True
) -> Collection:
    collection = Collection(
        owner=owner,
        title=title.strip(),
        description=description,
        is_public=is_public,
        slug=_unique_slug(title),
    )
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def add_to_collection(
    *,
    collection: Collection,
    by: Any,
    resource: Resource | None = None,
    thread: Any = None,
    note: str = "",
) -> CollectionItem:
    if collection.owner_id != by.pk:
        raise PermissionDenied(_("Only the owner can change this collection."))
    if (resource is None) == (thread is None):
        raise ValidationError({"item": _("Add one resource or one thread.")})
    if resource is not None and not resource.is_published:
        raise ValidationError({"item": _("Only published resources can be added.")})
    duplicate = collection.items.filter(resource=resource, thread=thread).exists()
    if duplicate:
        raise ValidationError({"item": _("This is already in the collection.")})
    position = (
        collection.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = CollectionItem.objects.create(
        collection=collection, resource=resource, thread=thread, note=note[:300], position=position
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


def export_member_data(user: Any) -> dict[str, Any]:
    return {
        "resources": list(
            Resource.objects.filter(author=user).values(
                "kind", "title", "summary", "body", "url", "status", "created_at"
            )
        ),
        "likes": list(Like.objects.filter(user=user).values("resource__slug", "created_at")),
        "bookmarks": list(
            Bookmark.objects.filter(user=user).values("resource__slug", "created_at")
        ),
        "collections": [
            {
                "title": c.title,
                "description": c.description,
                "is_public": c.is_public,
                "items": [
                    i.resource.slug if i.resource_id else i.thread.slug for i in c.items.all()
                ],
            }
            for c in Collection.objects.filter(owner=user).prefetch_related(
                "items__resource", "items__thread"
            )
        ],
    }


def erase_member_data(user: Any) -> None:
    # Published resources stay for the community as "deleted member"; drafts and lists go.
    Resource.objects.filter(author=user, status=Resource.Status.DRAFT).delete()
    Resource.objects.filter(author=user).update(author=None)
    Like.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
    Collection.objects.filter(owner=user).delete()
    ResourceRevision.objects.filter(editor=user).update(editor=None)
