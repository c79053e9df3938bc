"""Signals → matrices → stored suggestion lists: the body of the refresh jobs.

One pass loads everything the engine needs with a handful of bulk queries (profiles, skills,
domains, followed topics, connections, follows, blocks, the aggregated Interaction log, the
candidate items of every registered source), then scores members in batches with numpy/scipy and
writes one `SuggestionList` row per (member, surface).

* feed: GF-CF collaborative filtering on the member × item matrix (verb-weighted Interaction log)
  + topic match (skills, domains, followed topics) + text similarity (TF-IDF/LSA) + popularity +
  level fit, times freshness, then MMR diversity over text and item type (engine `rerank`).
* learning: items flagged as learning material, ranked by right-level fit (engine `levels`) on the
  member's own skills and by prerequisite paths from skills they already have.
* people: resource allocation on the people graph (connections, member follows, co-participation
  in threads/events/projects/competitions) + skill similarity, made reciprocal (engine `links`).
* mentors / collaborators: per-topic candidate lists (opt-in flags, capacity, evidenced levels,
  accepted answers), merged per member.

Members who opted out of suggestions, hide their profile, or block / are blocked by the member are
never candidates. A member with no interactions still gets lists from profile skills and domains
(cold start).
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson
import scipy.sparse as sp
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from aitalent.recommendations import reasons as reason_words
from aitalent.recommendations import sources
from aitalent.recommendations.engine.embeddings import TfidfSvdEmbedder
from aitalent.recommendations.engine.levels import right_level_score
from aitalent.recommendations.engine.links import reciprocal
from aitalent.recommendations.engine.models import GFCF
from aitalent.recommendations.engine.rerank import explain, freshness_decay, mmr
from aitalent.recommendations.models import (
    EMBEDDING_DIM,
    ItemEmbedding,
    MemberEmbedding,
    RefreshRun,
    Surface,
)

log = logging.getLogger(__name__)

FEED_SIZE = 16  # stored; pages show fewer, the rest replace dismissed or invalid entries
SIDE_SIZE = 10
BATCH = 1000
FEED_WEIGHTS = {"cf": 1.0, "topic": 0.8, "text": 0.35, "popular": 0.25, "level": 0.2}
REASON_CODES = {
    "cf": "similar_members",
    "topic": "topic",
    "text": "text",
    "popular": "popular",
    "level": "level",
}
# Co-participation edges only from items with few participants: a 2000-person event says little
# about who should meet whom, and its clique would dominate the graph.
MAX_PARTICIPANTS = 200
PEOPLE_VISIBLE = ("public", "members")


@dataclass
class World:
    user_ids: np.ndarray
    index: dict[int, int]
    handle: list[str]
    name: list[str]
    headline: list[str]
    suggestable: np.ndarray
    connections_visible: np.ndarray
    mentor_ok: np.ndarray
    capacity: np.ndarray
    collab_ok: np.ndarray
    active: np.ndarray
    topic_ids: np.ndarray
    topic_index: dict[int, int]
    topic_names: dict[int, dict[str, str]]
    prerequisites: dict[int, list[int]]
    skills: sp.csr_matrix  # member × topic: stated level 1..5
    evidenced: sp.csr_matrix  # member × topic: evidenced level 0..5
    interests: sp.csr_matrix  # member × topic: skills + domains + followed topics, weighted
    domains: dict[int, set[int]] = field(default_factory=dict)  # member row → topic ids
    # member row → member rows never to suggest: blocks (both ways) and dismissals
    blocks: dict[int, set[int]] = field(default_factory=dict)
    connected: sp.csr_matrix | None = None
    graph: sp.csr_matrix | None = None
    forum_graph: sp.csr_matrix | None = None
    answers: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, topic id) → count
    texts: list[str] = field(default_factory=list)
    # Per member row: topic columns of every stated skill / of those at level ≥ 3 (built once).
    skill_sets: tuple[list[frozenset[int]], list[frozenset[int]]] | None = None


@dataclass
class Catalogue:
    items: list[sources.Candidate]
    topics: sp.csr_matrix  # item × topic
    embeddings: np.ndarray  # item × dim (unit)
    diversity: np.ndarray  # embeddings + item-type one-hot, for MMR
    age_days: np.ndarray
    popular: np.ndarray
    level: np.ndarray  # nan when the item has no level
    learning: np.ndarray
    key_index: dict[tuple[str, int], int]


def _fetch(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _matrix(rows: Iterable[tuple[int, int, float]], shape: tuple[int, int]) -> sp.csr_matrix:
    r, c, v = [], [], []
    for a, b, w in rows:
        r.append(a)
        c.append(b)
        v.append(w)
    return sp.csr_matrix(
        (np.asarray(v, dtype=np.float32), (np.asarray(r, dtype=np.int64), np.asarray(c))),
        shape=shape,
    )


def load_world(*, with_texts: bool = True) -> World:
    from aitalent.core.models import Topic

    now = timezone.now()
    members = _fetch(
        "SELECT p.user_id, u.handle, u.display_name, p.headline, p.in_suggestions, p.visibility,"
        " p.connections_visibility, p.is_open_to_mentoring, p.mentoring_capacity,"
        " p.is_open_to_collaboration, p.is_looking_for_team, p.last_active_at"
        ", CASE WHEN %s THEN p.bio ELSE '' END"
        " FROM people_profile p JOIN accounts_user u ON u.id = p.user_id"
        " WHERE u.is_active ORDER BY p.user_id",
        [with_texts],
    )
    n = len(members)
    user_ids = np.asarray([m[0] for m in members], dtype=np.int64)
    index = {int(uid): i for i, uid in enumerate(user_ids)}
    active = np.zeros(n, dtype=np.float32)
    for i, m in enumerate(members):
        if m[11] is not None:
            active[i] = float(freshness_decay((now - m[11]).total_seconds() / 86400, 30.0))
    topics = list(Topic.objects.values_list("id", "name_en", "name_zh"))
    topic_ids = np.asarray([t[0] for t in topics], dtype=np.int64)
    topic_index = {int(t): i for i, t in enumerate(topic_ids)}
    topic_names = {t[0]: reason_words.topic_param(t[1], t[2]) for t in topics}
    prerequisites: dict[int, list[int]] = defaultdict(list)
    through = Topic.prerequisites.through
    src = through._meta.get_field("from_topic").attname
    dst = through._meta.get_field("to_topic").attname
    for a, b in through.objects.values_list(src, dst):
        prerequisites[a].append(b)
    shape = (n, len(topic_ids))
    skill_rows = _fetch(
        "SELECT p.user_id, s.topic_id, s.level, s.evidenced_level FROM people_profileskill s"
        " JOIN people_profile p ON p.id = s.profile_id"
    )
    skills = _matrix(
        ((index[u], topic_index[t], lv) for u, t, lv, _ in skill_rows if u in index), shape
    )
    evidenced = _matrix(
        ((index[u], topic_index[t], ev) for u, t, _, ev in skill_rows if u in index and ev), shape
    )
    domain_rows = [
        (index[u], t)
        for u, t in _fetch(
            "SELECT p.user_id, d.topic_id FROM people_profile_domains d"
            " JOIN people_profile p ON p.id = d.profile_id"
        )
        if u in index
    ]
    domains: dict[int, set[int]] = defaultdict(set)
    for r, t in domain_rows:
        domains[r].add(t)
    followed = [
        (index[u], topic_index[t])
        for u, t in _fetch(
            "SELECT follower_id, topic_id FROM people_follow WHERE topic_id IS NOT NULL"
        )
        if u in index
    ]
    interests = (
        skills.multiply(1 / 5).tocsr()
        + _matrix(((r, topic_index[t], 0.6) for r, t in domain_rows), shape)
        + _matrix(((r, c, 0.8) for r, c in followed), shape)
    ).tocsr()
    blocks: dict[int, set[int]] = defaultdict(set)
    for a, b in _fetch("SELECT blocker_id, blocked_id FROM people_block"):
        if a in index and b in index:
            blocks[index[a]].add(index[b])
            blocks[index[b]].add(index[a])
    # A dismissed member is never suggested again to whoever dismissed them (one direction).
    for a, b in _fetch(
        "SELECT DISTINCT actor_id, target_id FROM activity_interaction"
        " WHERE verb = 'dismiss' AND target_type = 'accounts.user'"
    ):
        if a in index and b in index:
            blocks[index[a]].add(index[b])
    texts: list[str] = []
    if with_texts:
        names_by_row: dict[int, list[str]] = defaultdict(list)
        for u, t, *_ in skill_rows:
            if u in index:
                names_by_row[index[u]].append(topic_names[t]["en"])
        for r, t in domain_rows:
            names_by_row[r].append(topic_names[t]["en"])
        texts = [
            " ".join([m[3] or "", (m[12] or "")[:1000], *names_by_row.get(i, [])])
            for i, m in enumerate(members)
        ]
    return World(
        user_ids=user_ids,
        index=index,
        handle=[m[1] for m in members],
        name=[m[2] or m[1] for m in members],
        headline=[m[3] or "" for m in members],
        suggestable=np.asarray(
            [bool(m[4]) and m[5] in PEOPLE_VISIBLE for m in members], dtype=bool
        ),
        connections_visible=np.asarray([m[6] in PEOPLE_VISIBLE for m in members], dtype=bool),
        mentor_ok=np.asarray([bool(m[7]) and (m[8] or 0) > 0 for m in members], dtype=bool),
        capacity=np.asarray([m[8] or 0 for m in members], dtype=np.int32),
        collab_ok=np.asarray([bool(m[9]) or bool(m[10]) for m in members], dtype=bool),
        active=active,
        topic_ids=topic_ids,
        topic_index=topic_index,
        topic_names=topic_names,
        prerequisites=dict(prerequisites),
        skills=skills,
        evidenced=evidenced,
        interests=interests,
        domains=dict(domains),
        blocks=dict(blocks),
        texts=texts,
    )


def load_graph(world: World) -> None:
    """Connections (1), member follows (0.5), co-participation (0.3 per shared small item)."""
    n = len(world.user_ids)
    index = world.index
    conn = [
        (index[a], index[b], 1.0)
        for a, b in _fetch("SELECT user_id, other_id FROM people_connection")
        if a in index and b in index
    ]
    world.connected = _matrix(conn, (n, n))
    follows = [
        (index[a], index[b], 0.5)
        for a, b in _fetch(
            "SELECT follower_id, followee_id FROM people_follow WHERE followee_id IS NOT NULL"
        )
        if a in index and b in index
    ]
    follow = _matrix(follows, (n, n))
    verbs = sorted({v for s in sources.available_sources() for v in s.participation_verbs})
    types = [s.item_type for s in sources.available_sources() if s.participation_verbs]
    co = sp.csr_matrix((n, n), dtype=np.float32)
    forum = sp.csr_matrix((n, n), dtype=np.float32)
    if verbs and types:
        rows = _fetch(
            "SELECT DISTINCT actor_id, target_type, target_id FROM activity_interaction"
            " WHERE verb = ANY(%s) AND target_type = ANY(%s)",
            [verbs, types],
        )
        keys: dict[tuple[str, int], int] = {}
        part_r, part_c, is_forum = [], [], []
        for actor, ttype, tid in rows:
            if actor not in index:
                continue
            col = keys.setdefault((ttype, tid), len(keys))
            if col == len(is_forum):
                is_forum.append(ttype == "forum.thread")
            part_r.append(index[actor])
            part_c.append(col)
        if keys:
            participation = sp.csr_matrix(
                (np.ones(len(part_r), dtype=np.float32), (part_r, part_c)), shape=(n, len(keys))
            )
            sizes = np.asarray(participation.sum(axis=0)).ravel()
            small = sp.diags(((sizes >= 2) & (sizes <= MAX_PARTICIPANTS)).astype(np.float32))
            participation = (participation @ small).tocsr()
            co = (participation @ participation.T).tocsr()
            co.setdiag(0)
            co.eliminate_zeros()
            forum_cols = sp.diags(np.asarray(is_forum, dtype=np.float32))
            p_forum = (participation @ forum_cols).tocsr()
            forum = (p_forum @ p_forum.T).tocsr()
            forum.setdiag(0)
            forum.eliminate_zeros()
    graph = world.connected + follow + follow.T + co.multiply(0.3)
    graph.setdiag(0)
    graph.eliminate_zeros()
    world.graph = graph.tocsr()
    world.forum_graph = forum


def load_answers(world: World) -> None:
    """Accepted answers per (member, thread topic): evidence for mentors and experts."""
    try:
        rows = _fetch(
            "SELECT p.author_id, tt.topic_id, COUNT(*) FROM forum_post p"
            " JOIN forum_thread_topics tt ON tt.thread_id = p.thread_id"
            " WHERE p.is_accepted AND NOT p.is_deleted GROUP BY 1, 2"
        )
    except Exception:  # noqa: BLE001 - forum tables missing: no answer evidence
        return
    world.answers = {(world.index[u], t): c for u, t, c in rows if u in world.index}


def load_catalogue(world: World) -> tuple[Catalogue, TfidfSvdEmbedder]:
    now = timezone.now()
    items = sources.all_candidates()
    n_items = len(items)
    key_index = {(c.item_type, c.item_id): i for i, c in enumerate(items)}
    shape = (n_items, len(world.topic_ids))
    topics = _matrix(
        (
            (i, world.topic_index[t], 1.0)
            for i, c in enumerate(items)
            for t in c.topic_ids
            if t in world.topic_index
        ),
        shape,
    )
    # Fitted on item texts plus a deterministic slice of profiles, so member and item vectors
    # share one space; the same corpus gives the same basis from run to run.
    corpus = [c.text or c.title for c in items] + [t for t in world.texts[:3000] if t.strip()]
    embedder = TfidfSvdEmbedder(dim=EMBEDDING_DIM, min_df=1)
    if corpus:
        embedder.fit(corpus)
        embeddings = (
            embedder.embed([c.text or c.title for c in items])
            if items
            else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        )
    else:
        embeddings = np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    type_names = sorted({c.item_type for c in items})
    onehot = np.zeros((n_items, len(type_names)), dtype=np.float32)
    for i, c in enumerate(items):
        onehot[i, type_names.index(c.item_type)] = 1.0
    diversity = np.hstack([embeddings, onehot * 0.8])
    age = np.asarray([(now - c.fresh_at).total_seconds() / 86400 for c in items], dtype=np.float64)
    counts = Counter(
        (t, i)
        for t, i in _fetch(
            "SELECT target_type, target_id FROM activity_interaction"
            " WHERE created_at > %s AND weight > 0",
            [now - timezone.timedelta(days=60)],
        )
    )
    pop = np.asarray(
        [math.log1p(c.popularity + counts.get((c.item_type, c.item_id), 0)) for c in items]
    )
    popular = pop / pop.max() if n_items and pop.max() > 0 else np.zeros(n_items)
    level = np.asarray([c.level if c.level is not None else np.nan for c in items])
    learning = np.asarray([c.is_learning for c in items], dtype=bool)
    return (
        Catalogue(
            items=items,
            topics=topics,
            embeddings=embeddings,
            diversity=diversity,
            age_days=age,
            popular=popular,
            level=level,
            learning=learning,
            key_index=key_index,
        ),
        embedder,
    )


def load_interactions(world: World, cat: Catalogue) -> tuple[sp.csr_matrix, dict[int, set[int]]]:
    """Member × item weights (Σ verb weights, clipped) and every member's seen/dismissed items."""
    n, m = len(world.user_ids), len(cat.items)
    seen: dict[int, set[int]] = defaultdict(set)
    types = sorted({c.item_type for c in cat.items})
    rows, cols, vals = [], [], []
    if types:
        for actor, ttype, tid, weight in _fetch(
            "SELECT actor_id, target_type, target_id, SUM(weight) FROM activity_interaction"
            " WHERE target_type = ANY(%s) GROUP BY 1, 2, 3",
            [types],
        ):
            r = world.index.get(actor)
            c = cat.key_index.get((ttype, tid))
            if r is None or c is None:
                continue
            seen[r].add(c)  # anything done to an item, a dismissal included, hides it
            if weight > 0:
                rows.append(r)
                cols.append(c)
                vals.append(min(float(weight), 5.0))
    for source in sources.available_sources():
        try:
            pairs = list(source.joined())
        except Exception:  # noqa: BLE001 - one broken app must not stop the refresh
            log.exception("joined() of %s failed", source.item_type)
            continue
        for uid, iid in pairs:
            r = world.index.get(uid)
            c = cat.key_index.get((source.item_type, iid))
            if r is not None and c is not None:
                seen[r].add(c)
    matrix = sp.csr_matrix(
        (np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(n, m), dtype=np.float32
    )
    return matrix, seen


def _row_max_normalise(block: np.ndarray) -> np.ndarray:
    peak = block.max(axis=1, keepdims=True) if block.size else block
    return np.divide(block, peak, out=np.zeros_like(block), where=peak > 0)


def _entry(cat: Catalogue, i: int, score: float, code: str, params: dict[str, Any]) -> dict:
    c = cat.items[i]
    return {
        "type": c.item_type,
        "id": c.item_id,
        "score": round(float(score), 4),
        "reason": code,
        "params": params,
        "title": c.title[:200],
        "url": c.url,
    }


def _best_topic(
    world: World, row_weights: dict[int, float], topic_ids: list[int]
) -> dict[str, str] | None:
    best = max(topic_ids, key=lambda t: row_weights.get(t, 0.0), default=None)
    if best is None or row_weights.get(best, 0.0) <= 0:
        return None
    return world.topic_names.get(best)


def _row_dict(matrix: sp.csr_matrix, row: int, topic_ids: np.ndarray) -> dict[int, float]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return {
        int(topic_ids[c]): float(v)
        for c, v in zip(matrix.indices[start:end], matrix.data[start:end], strict=True)
    }


def feed_signals(
    world: World,
    cat: Catalogue,
    batch: np.ndarray,
    vectors: np.ndarray,
    cf: Any,
    *,
    popular: np.ndarray,
) -> dict[str, np.ndarray]:
    """The feed's per-signal scores for a batch of member rows, each (batch × items) in [0, 1]:
    cf (GF-CF, row-max normalised), topic, text, level (right-level fit), popular; plus the
    member's ability (max stated level over each item's topics) for reasons."""
    n_items = len(cat.items)
    item_topics_t = cat.topics.T.tocsr()
    topic_norm = np.sqrt(np.maximum(np.asarray(cat.topics.sum(axis=1)).ravel(), 1.0))
    topic = np.asarray((world.interests[batch] @ item_topics_t).todense(), dtype=np.float32)
    topic = _row_max_normalise(topic / topic_norm[None, :])
    text = np.clip(vectors @ cat.embeddings.T, 0, None)
    if cf is not None:
        cf_scores = _row_max_normalise(np.asarray(cf.score(batch), dtype=np.float32))
    else:
        cf_scores = np.zeros((len(batch), n_items), dtype=np.float32)
    skills_dense = np.asarray(world.skills[batch].todense(), dtype=np.float32)
    level = np.zeros((len(batch), n_items), dtype=np.float32)
    ability = np.zeros((len(batch), n_items), dtype=np.float32)
    for i in np.flatnonzero(~np.isnan(cat.level)):
        cols = [world.topic_index[t] for t in cat.items[i].topic_ids if t in world.topic_index]
        if not cols:
            continue
        ab = skills_dense[:, cols].max(axis=1)
        ability[:, i] = ab
        # No skill in the topic yet: beginners' material fits (ability ≈ 1).
        level[:, i] = right_level_score(np.maximum(ab, 1.0), cat.level[i])
    return {
        "cf": cf_scores,
        "topic": topic,
        "text": text,
        "level": level,
        "popular": np.broadcast_to(popular, (len(batch), n_items)),
        "ability": ability,
    }


def score_items(
    world: World,
    cat: Catalogue,
    rows: np.ndarray,
    interactions: sp.csr_matrix,
    seen: dict[int, set[int]],
    member_vectors: np.ndarray,
    cf: GFCF | None,
) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """Feed and learning lists for the member rows, in batches."""
    feed: dict[int, list[dict]] = {}
    learning: dict[int, list[dict]] = {}
    n_items = len(cat.items)
    if n_items == 0:
        return {int(r): [] for r in rows}, {int(r): [] for r in rows}
    item_topic_lists = [c.topic_ids for c in cat.items]
    decay = 0.35 + 0.65 * freshness_decay(cat.age_days, 21.0)
    learning_items = np.flatnonzero(cat.learning)
    # Paths: a learning item is a next step when a prerequisite of one of its topics is a skill
    # the member has at level ≥ 3 (items × topics matrix of those prerequisites).
    prereq_of: dict[int, list[int]] = {}
    for i in learning_items:
        found = [p for t in item_topic_lists[i] for p in world.prerequisites.get(t, [])]
        if found:
            prereq_of[int(i)] = found
    prereq_matrix = _matrix(
        (
            (i, world.topic_index[p], 1.0)
            for i, found in prereq_of.items()
            for p in found
            if p in world.topic_index
        ),
        (n_items, len(world.topic_ids)),
    )
    prereq_t = prereq_matrix.T.tocsr()
    known_skills = (world.skills >= 3).astype(np.float32).tocsr()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        block = feed_signals(
            world, cat, batch, member_vectors[start : start + len(batch)], cf, popular=cat.popular
        )
        topic, text, level, ability = (
            block["topic"],
            block["text"],
            block["level"],
            block["ability"],
        )
        cf_scores = block["cf"]
        path_block = np.asarray((known_skills[batch] @ prereq_t).todense() > 0, dtype=np.float32)
        for j, row in enumerate(batch):
            row = int(row)
            signals = {
                "cf": cf_scores[j],
                "topic": topic[j],
                "text": text[j],
                "popular": cat.popular,
                "level": level[j],
            }
            scores = sum(FEED_WEIGHTS[k] * signals[k] for k in FEED_WEIGHTS) * decay
            excluded = list(seen.get(row, ()))
            scores[excluded] = -np.inf
            picked = mmr(scores, cat.diversity, FEED_SIZE, trade_off=0.7, candidates=48)
            weights_row = _row_dict(world.interests, row, world.topic_ids)
            skill_row = _row_dict(world.skills, row, world.topic_ids)
            entries = []
            for i in picked:
                if not np.isfinite(scores[i]):
                    continue
                top = explain(i, signals, FEED_WEIGHTS)
                code, params = "popular", {}
                for reason in top:
                    if reason.signal == "topic":
                        name = _best_topic(world, weights_row, item_topic_lists[i])
                        if name:
                            code, params = "topic", {"topic": name}
                            break
                        continue
                    if reason.signal == "level":
                        name = _best_topic(world, skill_row, item_topic_lists[i])
                        lv = int(ability[j, i])
                        topic_name = name or world.topic_names.get(
                            item_topic_lists[i][0], {"en": "", "zh": ""}
                        )
                        code, params = "level", {"topic": topic_name, "level": lv or ""}
                        break
                    code = REASON_CODES[reason.signal]
                    break
                entries.append(_entry(cat, i, scores[i], code, params))
            feed[row] = entries
            # Learning next steps: right-level material on the member's skills and interests,
            # and material whose prerequisites the member already has.
            path = path_block[j]
            learn_scores = np.full(n_items, -np.inf)
            relevance = 0.6 * topic[j] + 0.6 * path + 0.2 * text[j]
            mask = np.zeros(n_items, dtype=bool)
            mask[learning_items] = True
            mask &= relevance > 0
            fit = np.where(np.isnan(cat.level), 0.5, level[j])
            learn_scores[mask] = (relevance * (0.4 + fit) + 0.1 * cat.popular)[mask]
            if excluded:
                learn_scores[excluded] = -np.inf
            order = [
                i for i in np.argsort(-learn_scores)[:SIDE_SIZE] if np.isfinite(learn_scores[i])
            ]
            learn_entries = []
            for i in order:
                if path[i] > 0 and path[i] >= topic[j, i]:
                    known = [t for t in prereq_of[int(i)] if skill_row.get(t, 0) >= 3]
                    code, params = "prerequisite", {"topic": world.topic_names[known[0]]}
                elif (
                    not np.isnan(cat.level[i])
                    and item_topic_lists[i]
                    and cat.level[i] + 0.5 >= ability[j, i]
                ):
                    name = _best_topic(world, skill_row, item_topic_lists[i]) or _best_topic(
                        world, weights_row, item_topic_lists[i]
                    )
                    code = "level"
                    params = {
                        "topic": name or world.topic_names.get(item_topic_lists[i][0], {}),
                        "level": int(ability[j, i]) or "",
                    }
                else:
                    name = _best_topic(world, weights_row, item_topic_lists[i])
                    code, params = ("topic", {"topic": name}) if name else ("text", {})
                learn_entries.append(_entry(cat, int(i), learn_scores[i], code, params))
            learning[row] = learn_entries
    return feed, learning


def _person(world: World, r: int, score: float, code: str, params: dict[str, Any]) -> dict:
    return {
        "type": "accounts.user",
        "id": int(world.user_ids[r]),
        "score": round(float(score), 4),
        "reason": code,
        "params": params,
        "title": world.name[r],
        "url": _profile_url(world.handle[r]),
        "label": world.headline[r][:140],
    }


_PROFILE_PREFIX: list[str] = []


def _profile_url(handle: str) -> str:
    if not _PROFILE_PREFIX:
        _PROFILE_PREFIX.append(reverse("people:profile", args=["h"])[:-2])
    return f"{_PROFILE_PREFIX[0]}{handle}/"


def _shared_skill_names(world: World, a: int, b: int, limit: int = 3) -> list[dict[str, str]]:
    every, _ = _skill_sets(world)
    shared = sorted(every[a] & every[b])[:limit]
    return [world.topic_names[int(world.topic_ids[c])] for c in shared]


def _extra_skill_names(world: World, a: int, b: int, limit: int = 3) -> list[dict[str, str]]:
    """Skills b has (at level ≥ 3) that a doesn't list."""
    sa = set(world.skills.indices[world.skills.indptr[a] : world.skills.indptr[a + 1]].tolist())
    start, end = world.skills.indptr[b], world.skills.indptr[b + 1]
    extra = [
        int(c)
        for c, lv in zip(world.skills.indices[start:end], world.skills.data[start:end], strict=True)
        if lv >= 3 and int(c) not in sa
    ][:limit]
    return [world.topic_names[int(world.topic_ids[c])] for c in extra]


@dataclass
class Pool:
    members: np.ndarray
    stated: np.ndarray
    evidenced: np.ndarray


def topic_pools(world: World, eligible: np.ndarray, size: int = 60) -> dict[int, Pool]:
    """Per topic column: the most active eligible members with that skill (level order)."""
    pools: dict[int, Pool] = {}
    by_topic = world.skills.T.tocsr()
    evidence_by_topic = world.evidenced.T.tocsr()
    for col in range(by_topic.shape[0]):
        lo, hi = by_topic.indptr[col], by_topic.indptr[col + 1]
        members, levels = by_topic.indices[lo:hi], by_topic.data[lo:hi]
        keep = eligible[members]
        members, levels = members[keep], levels[keep]
        if len(members) == 0:
            continue
        e_lo, e_hi = evidence_by_topic.indptr[col], evidence_by_topic.indptr[col + 1]
        ev = dict(
            zip(
                evidence_by_topic.indices[e_lo:e_hi].tolist(),
                evidence_by_topic.data[e_lo:e_hi].tolist(),
                strict=True,
            )
        )
        evidenced = np.asarray([ev.get(int(m), 0) for m in members], dtype=np.float32)
        rank = np.maximum(levels, evidenced) + 2.0 * world.active[members]
        top = np.argsort(-rank, kind="stable")[:size]
        pools[col] = Pool(members[top], levels[top], evidenced[top])
    return pools


_EMPTY = Pool(np.empty(0, dtype=np.int64), np.empty(0), np.empty(0))


def score_people(world: World, rows: np.ndarray, pools: dict[int, Pool]) -> dict[int, list]:
    """People you may know: reciprocal graph + skill score over suggestable members."""
    assert world.graph is not None and world.connected is not None
    graph = world.graph
    degree = np.asarray(graph.sum(axis=1)).ravel()
    inv = sp.diags(np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0))
    conn = world.connected
    conn_degree = np.asarray(conn.sum(axis=1)).ravel()
    every, _ = _skill_sets(world)
    skill_norm = np.sqrt(np.maximum(np.diff(world.skills.indptr).astype(np.float64), 1.0))
    out: dict[int, list] = {}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        ra = (graph[batch] @ inv @ graph).tocsr()  # resource allocation, 2 hops
        mutual = (conn[batch] @ conn).tocsr()
        forum = world.forum_graph[batch].tocsr() if world.forum_graph is not None else None
        for j, row in enumerate(batch):
            row = int(row)
            cand = set(ra.indices[ra.indptr[j] : ra.indptr[j + 1]].tolist())
            if len(cand) < SIDE_SIZE * 2:
                for c in world.skills.indices[
                    world.skills.indptr[row] : world.skills.indptr[row + 1]
                ]:
                    cand.update(pools.get(int(c), _EMPTY).members[:20].tolist())
            cand.discard(row)
            cand -= set(conn.indices[conn.indptr[row] : conn.indptr[row + 1]].tolist())
            cand -= world.blocks.get(row, set())
            if not cand:
                out[row] = []
                continue
            arr = np.fromiter(cand, dtype=np.int64)
            arr = arr[world.suggestable[arr]]
            if len(arr) == 0:
                out[row] = []
                continue
            ra_row = dict(
                zip(
                    ra.indices[ra.indptr[j] : ra.indptr[j + 1]],
                    ra.data[ra.indptr[j] : ra.indptr[j + 1]],
                    strict=True,
                )
            )
            g = np.asarray([ra_row.get(int(c), 0.0) for c in arr])
            mine = every[row]
            sim = np.fromiter(
                (len(every[c] & mine) for c in arr.tolist()), dtype=np.float64, count=len(arr)
            ) / (skill_norm[arr] * skill_norm[row])
            g_norm = g / g.max() if g.max() > 0 else g
            forward = 0.7 * g_norm + 0.3 * sim
            # The other side accepts less often when already well connected (hubs get many
            # requests); activity makes an answer likelier.
            backward = (0.7 * g_norm / (1 + np.log1p(conn_degree[arr])) + 0.3 * sim) * (
                0.5 + 0.5 * world.active[arr]
            )
            score = reciprocal(forward, backward) + 0.01 * world.active[arr]
            order = np.argsort(-score, kind="stable")[:SIDE_SIZE]
            m_row = dict(
                zip(
                    mutual.indices[mutual.indptr[j] : mutual.indptr[j + 1]],
                    mutual.data[mutual.indptr[j] : mutual.indptr[j + 1]],
                    strict=True,
                )
            )
            f_row: dict[int, float] = {}
            if forum is not None:
                f_row = dict(
                    zip(
                        forum.indices[forum.indptr[j] : forum.indptr[j + 1]],
                        forum.data[forum.indptr[j] : forum.indptr[j + 1]],
                        strict=True,
                    )
                )
            entries = []
            for k in order:
                c = int(arr[k])
                if score[k] <= 0:
                    continue
                count = int(m_row.get(c, 0))
                shared = _shared_skill_names(world, row, c)
                # Mutual connections are named only when the candidate shows connections to
                # members; otherwise the reason would reveal a hidden connection.
                if count and world.connections_visible[c]:
                    code, params = "mutual", {"count": count}
                elif f_row.get(c):
                    code, params = "same_discussions", {}
                elif shared:
                    code, params = "skills", {"skills": shared}
                else:
                    common = world.domains.get(row, set()) & world.domains.get(c, set())
                    if common:
                        code, params = "domain", {"topic": world.topic_names[min(common)]}
                    else:
                        code, params = "skills", {"skills": _extra_skill_names(world, row, c)}
                entries.append(_person(world, c, score[k], code, params))
            out[row] = entries
    return out


def score_mentors(world: World, rows: np.ndarray, pools: dict[int, Pool]) -> dict[int, list]:
    """Mentors for a member's weakest wanted skills: opted-in, with capacity, a clear level gap,
    evidence (evidenced level, accepted answers); each mentor is offered to at most capacity × 20
    members per run so nobody is flooded."""
    offered: Counter[int] = Counter()
    out: dict[int, list] = {}
    for row in rows:
        row = int(row)
        start, end = world.skills.indptr[row], world.skills.indptr[row + 1]
        wanted = sorted(
            zip(
                world.skills.indices[start:end].tolist(),
                world.skills.data[start:end].tolist(),
                strict=True,
            ),
            key=lambda p: p[1],
        )
        wanted = [(c, lv) for c, lv in wanted if lv <= 3][:3]
        followed = set(
            world.interests.indices[
                world.interests.indptr[row] : world.interests.indptr[row + 1]
            ].tolist()
        )
        have = set(world.skills.indices[start:end].tolist())
        for col in sorted(followed - have)[:2]:
            wanted.append((col, 0))
        scored: dict[int, tuple[float, str, dict[str, Any]]] = {}
        blocked = world.blocks.get(row, set())
        for col, my_level in wanted:
            topic_id = int(world.topic_ids[col])
            pool = pools.get(col, _EMPTY)
            for m, stated, evidenced in zip(
                pool.members.tolist(), pool.stated.tolist(), pool.evidenced.tolist(), strict=True
            ):
                stated, evidenced = int(stated), int(evidenced)
                if m == row or m in blocked or offered[m] >= world.capacity[m] * 20:
                    continue
                best = max(stated, evidenced)
                if best < 3 or best < my_level + 2:
                    continue
                answers = world.answers.get((m, topic_id), 0)
                score = 0.3 * (best - my_level) + 0.4 * evidenced / 5 + 0.3 * math.log1p(answers)
                score += 0.2 * float(world.active[m])
                name = world.topic_names[topic_id]
                if answers:
                    reason = ("mentor_answers", {"count": answers, "topic": name})
                elif evidenced >= 3:
                    reason = ("mentor_evidenced", {"level": evidenced, "topic": name})
                else:
                    reason = ("mentor_level", {"level": stated, "topic": name})
                if m not in scored or scored[m][0] < score:
                    scored[m] = (score, *reason)
        best_first = sorted(scored.items(), key=lambda kv: -kv[1][0])[:SIDE_SIZE]
        for m, _ in best_first:
            offered[m] += 1
        out[row] = [_person(world, m, s, code, params) for m, (s, code, params) in best_first]
    return out


def _skill_sets(world: World) -> tuple[list[frozenset[int]], list[frozenset[int]]]:
    """Per member row: the topic columns of every stated skill, and of those at level ≥ 3."""
    if world.skill_sets is None:
        indptr, indices, data = world.skills.indptr, world.skills.indices, world.skills.data
        strong_mask = data >= 3
        every, strong = [], []
        for r in range(world.skills.shape[0]):
            lo, hi = indptr[r], indptr[r + 1]
            cols = indices[lo:hi]
            every.append(frozenset(cols.tolist()))
            strong.append(frozenset(cols[strong_mask[lo:hi]].tolist()))
        world.skill_sets = (every, strong)
    return world.skill_sets


def score_collaborators(world: World, rows: np.ndarray, pools: dict[int, Pool]) -> dict[int, list]:
    """Members open to collaboration whose skills complement the member's in a shared topic."""
    every, strong = _skill_sets(world)
    pool_lists = {col: pool.members[:30].tolist() for col, pool in pools.items()}
    active = world.active.tolist()
    connected_m = world.connected
    out: dict[int, list] = {}
    for row in rows:
        row = int(row)
        start, end = world.skills.indptr[row], world.skills.indptr[row + 1]
        mine_set = every[row]
        blocked = world.blocks.get(row, set())
        connected = (
            set(connected_m.indices[connected_m.indptr[row] : connected_m.indptr[row + 1]].tolist())
            if connected_m is not None
            else set()
        )
        scored: dict[int, float] = {}
        for col in world.skills.indices[start:end][:6].tolist():
            for m in pool_lists.get(col, ()):
                if m == row or m in blocked or m in scored:
                    continue
                extra = len(strong[m] - mine_set)
                if extra == 0:
                    continue
                shared = len(every[m] & mine_set)
                scored[m] = (
                    min(extra, 4) * 0.25
                    + min(shared, 3) * 0.1
                    + 0.3 * active[m]
                    + (0.1 if m in connected else 0.0)
                )
        best = sorted(scored.items(), key=lambda kv: -kv[1])[:SIDE_SIZE]
        out[row] = [
            _person(world, m, s, "complements", {"skills": _extra_skill_names(world, row, m)})
            for m, s in best
        ]
    return out


def _store(lists: dict[str, dict[int, list]], world: World, cold: set[int]) -> None:
    """Replace the lists of these members: DELETE + COPY per chunk, one transaction each
    (readers see the old lists until the chunk commits)."""
    now = timezone.now()
    surfaces = [str(s) for s in lists]
    members = sorted({row for per_member in lists.values() for row in per_member})
    for start in range(0, len(members), 5000):
        chunk = members[start : start + 5000]
        user_ids = [int(world.user_ids[r]) for r in chunk]
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "DELETE FROM recommendations_suggestionlist"
                " WHERE user_id = ANY(%s) AND surface = ANY(%s)",
                [user_ids, surfaces],
            )
            with cursor.cursor.copy(
                "COPY recommendations_suggestionlist"
                " (user_id, surface, entries, is_cold_start, computed_at) FROM STDIN"
            ) as copy:
                for row, user_id in zip(chunk, user_ids, strict=True):
                    for surface in surfaces:
                        entries = lists[surface].get(row)
                        if entries is None:
                            continue
                        copy.write_row(
                            (
                                user_id,
                                surface,
                                # orjson: ~10× faster than json.dumps on 500k lists
                                orjson.dumps(entries, option=orjson.OPT_SERIALIZE_NUMPY).decode(),
                                row in cold,
                                now,
                            )
                        )


def _store_item_embeddings(cat: Catalogue) -> None:
    keep = {(c.item_type, c.item_id) for c in cat.items}
    stale = [
        pk
        for pk, t, i in ItemEmbedding.objects.values_list("pk", "item_type", "item_id")
        if (t, i) not in keep
    ]
    ItemEmbedding.objects.filter(pk__in=stale).delete()
    objs = [
        ItemEmbedding(
            item_type=c.item_type,
            item_id=c.item_id,
            title=c.title[:200],
            url=c.url[:300],
            topic_ids=c.topic_ids,
            level=None if c.level is None else round(c.level),
            fresh_at=c.fresh_at,
            embedding=cat.embeddings[i].tolist(),
        )
        for i, c in enumerate(cat.items)
    ]
    for start in range(0, len(objs), 1000):
        ItemEmbedding.objects.bulk_create(
            objs[start : start + 1000],
            update_conflicts=True,
            unique_fields=["item_type", "item_id"],
            update_fields=["title", "url", "topic_ids", "level", "fresh_at", "embedding"],
        )


def _vector_text(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6g}" for x in vector.tolist()) + "]"


def _store_member_embeddings(
    world: World, rows: np.ndarray, vectors: np.ndarray, *, full: bool = False
) -> None:
    """Upsert the members' profile vectors. A full refresh replaces the whole table instead:
    drop the HNSW index, COPY every vector, build the index once (pgvector builds a 100k-vector
    index in ~25 s; maintaining it row by row through 100k upserts took minutes)."""
    if not full:
        for start in range(0, len(rows), 2000):
            objs = [
                MemberEmbedding(
                    user_id=int(world.user_ids[r]), embedding=vectors[start + k].tolist()
                )
                for k, r in enumerate(rows[start : start + 2000])
                if np.any(vectors[start + k])
            ]
            MemberEmbedding.objects.bulk_create(
                objs, update_conflicts=True, unique_fields=["user"], update_fields=["embedding"]
            )
        return
    hnsw = next(i for i in MemberEmbedding._meta.indexes if i.name == "recs_member_embedding_hnsw")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        with connection.schema_editor(atomic=False) as editor:
            editor.remove_index(MemberEmbedding, hnsw)
        cursor.execute("DELETE FROM recommendations_memberembedding")
        with cursor.cursor.copy(
            "COPY recommendations_memberembedding (user_id, embedding, updated_at) FROM STDIN"
        ) as copy:
            for k, r in enumerate(rows):
                if np.any(vectors[k]):
                    copy.write_row((int(world.user_ids[r]), _vector_text(vectors[k]), now))
        # The user foreign key is checked at commit; CREATE INDEX refuses to run with such
        # checks pending, so run them now (and defer again afterwards).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor(atomic=False) as editor:
            editor.add_index(MemberEmbedding, hnsw)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def run(*, user_ids: set[int] | None = None, kind: str = RefreshRun.Kind.FULL) -> RefreshRun:
    """Recompute every surface for `user_ids` (None: everyone) and store the lists."""
    started = timezone.now()
    clock = time.perf_counter()
    run_row = RefreshRun.objects.create(kind=kind, started_at=started)
    timings: dict[str, float] = {}
    lap = time.perf_counter()

    def step(name: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        timings[name] = round(now - lap, 2)
        lap = now

    world = load_world()
    load_graph(world)
    load_answers(world)
    step("load members and graph")
    cat, embedder = load_catalogue(world)
    interactions, seen = load_interactions(world, cat)
    step("load items and interactions")
    if user_ids is None:
        rows = np.arange(len(world.user_ids))
    else:
        rows = np.asarray(
            sorted(world.index[u] for u in user_ids if u in world.index), dtype=np.int64
        )
    cf = None
    active_items = np.asarray((interactions > 0).sum(axis=0)).ravel()
    if interactions.nnz >= 10 and (active_items > 0).sum() >= 3 and interactions.shape[0] >= 3:
        cf = GFCF(alpha=0.3, rank=min(64, max(1, min(interactions.shape) - 2))).fit(interactions)
    if embedder.vectorizer is not None and len(rows):
        member_vectors = embedder.embed([world.texts[int(r)] for r in rows])
    else:
        member_vectors = np.zeros((len(rows), EMBEDDING_DIM), dtype=np.float32)
    step("fit CF, embed members")
    feed, learning = score_items(world, cat, rows, interactions, seen, member_vectors, cf)
    step("feed + learning")
    pools = topic_pools(world, world.suggestable)
    mentor_pools = topic_pools(world, world.suggestable & world.mentor_ok)
    collab_pools = topic_pools(world, world.suggestable & world.collab_ok)
    people = score_people(world, rows, pools)
    step("people")
    mentors = score_mentors(world, rows, mentor_pools)
    step("mentors")
    collaborators = score_collaborators(world, rows, collab_pools)
    step("collaborators")
    cold = {int(r) for r in rows if interactions[int(r)].nnz == 0} if len(rows) else set()
    _store(
        {
            Surface.FEED: feed,
            Surface.LEARNING: learning,
            Surface.PEOPLE: people,
            Surface.MENTORS: mentors,
            Surface.COLLABORATORS: collaborators,
        },
        world,
        cold,
    )
    step("store lists")
    _store_item_embeddings(cat)
    if user_ids is None or len(rows) <= 5000:
        _store_member_embeddings(world, rows, member_vectors, full=user_ids is None)
    step("store embeddings")
    log.info("refresh %s: %s", kind, timings)
    run_row.timings = timings  # type: ignore[attr-defined]  # for the bench, not stored
    run_row.finished_at = timezone.now()
    run_row.members = len(rows)
    run_row.items = len(cat.items)
    run_row.seconds = round(time.perf_counter() - clock, 3)
    run_row.save(update_fields=["finished_at", "members", "items", "seconds"])
    return run_row
