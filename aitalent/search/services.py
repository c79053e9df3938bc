"""One full-text index over every searchable object (PostgreSQL FTS + trigram, jieba for Chinese).

Apps call `index()` / `remove()` after commit from their services and register a full rebuild with
`register()` for `aitalent search reindex`. Queries go through `search()`, which applies visibility.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import (
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Lower
from django.utils import timezone

from aitalent.search.models import Document, Term
from aitalent.search.text import has_cjk, segment

MAX_TEXT = 20_000  # characters of body indexed per document; titles and summaries always
CANDIDATES = 600  # matches ranked per query (see search())
COUNT_CAP = 1_000  # "1000+ results": counting further costs time and helps nobody
PHRASE_WINDOW = 1_000  # documents holding all of a phrase's words checked for the phrase itself

_rebuilders: dict[str, Callable[[], Iterable[dict[str, Any]]]] = {}
_labels: dict[str, tuple[Any, str]] = {}


def register(
    doc_type: str,
    rebuild: Callable[[], Iterable[dict[str, Any]]],
    *,
    label: Any = "",
    icon: str = "bi-file-text",
) -> None:
    """`rebuild()` yields keyword dicts for `index()` for every object of `doc_type`.

    `label` (a lazy translation, plural: "Forum threads") names the type in the type filter and
    beside each hit; `icon` is a Bootstrap icon class.
    """
    _rebuilders[doc_type] = rebuild
    _labels[doc_type] = (label or doc_type, icon)


def type_choices() -> list[tuple[str, Any, str]]:
    """(doc_type, label, icon) of every registered type, in registration order."""
    return [(doc_type, label, icon) for doc_type, (label, icon) in _labels.items()]


def registered_types() -> list[str]:
    return sorted(_rebuilders)


def index(
    *,
    doc_type: str,
    object_id: int,
    title: str,
    body: str = "",
    url: str,
    summary: str = "",
    language: str = "",
    topics: Iterable[str] = (),
    visibility: str = Document.Visibility.PUBLIC,
    created_at: datetime | None = None,
    popularity: float = 0.0,
) -> None:
    body = body[:MAX_TEXT]
    title_words, body_words = segment(title), segment(f"{summary}\n{body}")
    doc, _ = Document.objects.update_or_create(
        doc_type=doc_type,
        object_id=object_id,
        defaults={
            "title": title[:300],
            "summary": summary[:500],
            "url": url,
            "language": language,
            "topics": list(topics),
            "visibility": visibility,
            "text": f"{title_words}\n{body_words}",
            "weight": math.log1p(max(popularity, 0.0)),
            "created_at": created_at or timezone.now(),
        },
    )
    # English stemming for English words, plus the 'simple' parser over jieba-segmented text so
    # Chinese words are tokens; titles weigh more than bodies.
    Document.objects.filter(pk=doc.pk).update(
        tsv=(
            SearchVector(Value(title), config="english", weight="A")
            + SearchVector(Value(title_words), config="simple", weight="A")
            + SearchVector(Value(body_words), config="english", weight="B")
            + SearchVector(Value(body_words), config="simple", weight="B")
        )
    )


def index_on_commit(**document: Any) -> None:
    transaction.on_commit(lambda: index(**document))


def remove(*, doc_type: str, object_id: int) -> None:
    Document.objects.filter(doc_type=doc_type, object_id=object_id).delete()


def rebuild(*, doc_types: Iterable[str] | None = None) -> dict[str, int]:
    counts = {}
    for doc_type in doc_types or registered_types():
        seen = []
        for document in _rebuilders[doc_type]():
            index(**document)
            seen.append(document["object_id"])
        Document.objects.filter(doc_type=doc_type).exclude(object_id__in=seen).delete()
        counts[doc_type] = len(seen)
    rebuild_terms()
    return counts


@dataclass
class Results:
    hits: list[Document]
    total: int  # capped at COUNT_CAP + 1 (shown as "1000+")
    fuzzy: bool  # True when no word matched and trigram similarity on titles found these
    corrected: str = ""  # the spelling-corrected query these results are for, if any


def _visible(viewer: Any) -> list[str]:
    if getattr(viewer, "is_authenticated", False):
        return [Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]
    return [Document.Visibility.PUBLIC]


def search(
    *,
    query: str,
    viewer: Any,
    doc_type: str = "",
    topic: str = "",
    limit: int = 20,
    offset: int = 0,
) -> Results:
    query = " ".join(query.replace("\x00", " ").split())[:200]
    if not query:
        return Results([], 0, False)
    rows = Document.objects.filter(visibility__in=_visible(viewer))
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    if topic:
        rows = rows.filter(topics__contains=[topic])
    hits, total = _full_text(rows, query, limit=limit, offset=offset)
    if hits or offset:
        return Results(hits, total, False)
    corrected = suggest_correction(query)
    if corrected:
        hits, total = _full_text(rows, corrected, limit=limit, offset=0)
        if hits:
            return Results(hits, total, False, corrected)
    fuzzy = (
        rows.annotate(lower_title=Lower("title"))
        .filter(lower_title__trigram_similar=query.lower())
        .defer("text", "tsv")[:limit]
    )
    found = list(fuzzy)
    return Results(found, len(found), True)


def _tsquery_sql(query: str) -> tuple[str, list[str]]:
    """The tsquery for a websearch-syntax query, as SQL and parameters.

    English stemming covers Latin-script words: the 'simple' form of a word only matches
    documents its English stem already matches, so the OR with it doubled the index work for
    nothing. Chinese needs the jieba-segmented 'simple' form; a query of English stop words only
    ("it", "the who") falls back to 'simple' so it still finds something.
    """
    if has_cjk(query):
        return (
            "(websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s))",
            [query, segment(query)],
        )
    return (
        "(CASE WHEN numnode(websearch_to_tsquery('english', %s)) > 0"
        " THEN websearch_to_tsquery('english', %s) ELSE websearch_to_tsquery('simple', %s) END)",
        [query, query, query],
    )


def _matching(rows: Any, tsquery: str, params: list[str]) -> Any:
    """`rows` narrowed to documents matching the tsquery SQL (through the GIN index)."""
    return rows.filter(
        # The SQL is our constant fragment; the query text travels as parameters.
        RawSQL(f'"search_document"."tsv" @@ {tsquery}', params, output_field=BooleanField())  # noqa: S611
    )


_COLUMNS = ", ".join(
    f"d.{f.column}" for f in Document._meta.concrete_fields if f.name not in ("text", "tsv")
)


def _full_text(rows: Any, query: str, *, limit: int, offset: int) -> tuple[list[Document], int]:
    if '"' in query:
        return _phrase(rows, query, limit=limit, offset=offset)
    # (Django names the selected primary key "pk": the SQL below says m.pk, never a bare id,
    # which would silently resolve to the outer table.)
    # One scan of the GIN index: the first COUNT_CAP + 1 matches are kept (a materialised CTE),
    # counted for "1000+", and the first CANDIDATES of them ranked: ranking reads every
    # candidate's tsvector, so a broad query ranks a bounded set instead of every match.
    tsquery, t_params = _tsquery_sql(query)
    matching = _matching(rows, tsquery, t_params).order_by()
    matches, m_params = matching.values_list("pk")[: COUNT_CAP + 1].query.sql_with_params()
    hits = list(
        Document.objects.raw(
            # Constant fragments and Django-compiled SQL; every value is a parameter.
            f"WITH m AS MATERIALIZED ({matches}) "  # noqa: S608
            f"SELECT {_COLUMNS}, ts_rank(d.tsv, {tsquery}) + d.weight * 0.01 AS rank, "
            "(SELECT count(*) FROM m) AS total "
            "FROM search_document d WHERE d.id IN (SELECT m.pk FROM m LIMIT %s) "
            "ORDER BY rank DESC, d.created_at DESC LIMIT %s OFFSET %s",
            [*m_params, *t_params, CANDIDATES, limit, offset],
        )
    )
    if hits:
        return hits, hits[0].total
    if not offset:
        return [], 0
    return [], matching.values("pk")[: COUNT_CAP + 1].count()


def _phrase(rows: Any, query: str, *, limit: int, offset: int) -> tuple[list[Document], int]:
    """A phrase: the GIN index cannot check word positions, so checking it over every document
    holding its words re-reads each one's tsvector. Bound that work: take a window of documents
    holding all the words (through the index, quotes dropped) with their tsvectors into a
    materialised CTE (which keeps the planner from going back to the index), check the phrase
    and rank on those rows only, in one query."""
    window, w_params = (
        _matching(rows, *_tsquery_sql(query.replace('"', " ")))
        .order_by()
        .values_list("pk", "tsv", "weight", "created_at")[:PHRASE_WINDOW]
        .query.sql_with_params()
    )
    tsquery, t_params = _tsquery_sql(query)
    hits = list(
        Document.objects.raw(
            # Constant fragments and Django-compiled SQL; every value is a parameter.
            f"WITH w AS MATERIALIZED ({window}), "  # noqa: S608
            f"f AS MATERIALIZED (SELECT w.pk, ts_rank(w.tsv, {tsquery}) + w.weight * 0.01 AS rank,"
            f" w.created_at FROM w WHERE w.tsv @@ {tsquery}) "
            f"SELECT {_COLUMNS}, top.rank, (SELECT count(*) FROM f) AS total "
            "FROM (SELECT * FROM f ORDER BY rank DESC, created_at DESC LIMIT %s OFFSET %s) top "
            "JOIN search_document d ON d.id = top.pk ORDER BY top.rank DESC, top.created_at DESC",
            [*w_params, *t_params, *t_params, limit, offset],
        )
    )
    if not hits and offset:  # past the last page: the count still says how many there are
        return [], _phrase(rows, query, limit=1, offset=0)[1]
    return hits, min(hits[0].total if hits else 0, COUNT_CAP + 1)


_WORD = re.compile(r"[a-z][a-z0-9\-]{3,59}")


def suggest_correction(query: str) -> str:
    """The query with unknown Latin-script words replaced by the closest indexed word ("" if none).

    Only words absent from the vocabulary are replaced; quotes, operators and Chinese stay as typed.
    """
    lowered = query.lower()
    words = sorted(set(_WORD.findall(lowered)))
    if not words:
        return ""
    known = set(Term.objects.filter(term__in=words).values_list("term", flat=True))
    replacements: dict[str, str] = {}
    for word in words:
        if word in known:
            continue
        # Trigram similarity finds candidates fast; edit distance picks among them, so that
        # "learnig" becomes "learning" rather than the stem "learn".
        # Typos rarely touch the first letter or change the length much; both cut the candidates.
        candidates = (
            Term.objects.annotate(length=Length("term"))
            .filter(
                term__startswith=word[0],
                length__range=(len(word) - 2, len(word) + 2),
                term__trigram_similar=word,
            )
            .annotate(similarity=TrigramSimilarity("term", word))
            .order_by("-similarity", "-ndoc")
            .values_list("term", "ndoc")[:8]
        )
        best = min(
            candidates, key=lambda row: (_edit_distance(word, row[0]), -row[1]), default=("", 0)
        )[0]
        if best and best != word:
            replacements[word] = best
    if not replacements:
        return ""
    return _WORD.sub(lambda m: replacements.get(m.group(0), m.group(0)), lowered)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


@transaction.atomic
def rebuild_terms() -> int:
    """Refill the vocabulary from the index (a periodic job; also after `search reindex`)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_term")
        cursor.execute(
            "INSERT INTO search_term (term, ndoc) "
            "SELECT word, ndoc FROM ts_stat('SELECT tsv FROM search_document') "
            "WHERE length(word) BETWEEN 3 AND 60 AND word ~ '^[a-z][a-z0-9-]*$'"
        )
        return cursor.rowcount
