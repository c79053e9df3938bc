"""Network analytics on the people graph (accepted connections), with igraph (C, not pure Python).

Runs in the nightly job and stores one NetworkSnapshot. Lists that name members (connectors,
bridges, isolated newcomers) skip members with Profile.in_analytics = False; the counts do not.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import igraph as ig
from django.db import connection
from django.utils import timezone

from aitalent.analytics.models import K_ANONYMITY, NetworkSnapshot

BETWEENNESS_SAMPLES = 256  # approximate betweenness: k sampled sources (Brandes & Pich 2007)
LIST_LIMIT = 50
NEWCOMER_DAYS = 30
SEED = 42


def _fetch(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.fetchall()


Edges = list[tuple[int, int]]


def build_graph() -> tuple[list[int], Edges]:
    """Active members and their accepted connections (each pair once)."""
    nodes = [row[0] for row in _fetch("SELECT id FROM accounts_user WHERE is_active")]
    edges = _fetch(
        "SELECT c.user_id, c.other_id FROM people_connection c "
        "JOIN accounts_user a ON a.id = c.user_id AND a.is_active "
        "JOIN accounts_user b ON b.id = c.other_id AND b.is_active "
        "WHERE c.user_id < c.other_id"
    )
    return nodes, [(a, b) for a, b in edges]


def _opted_out() -> set[int]:
    return {row[0] for row in _fetch("SELECT user_id FROM people_profile WHERE NOT in_analytics")}


def _domains() -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for user_id, slug in _fetch(
        "SELECT p.user_id, t.slug FROM people_profile p "
        "JOIN people_profile_domains pd ON pd.profile_id = p.id "
        "JOIN core_topic t ON t.id = pd.topic_id"
    ):
        out[user_id].add(slug)
    return out


def isolated_newcomers(*, now: Any = None, limit: int = 200) -> list[int]:
    """Joined in the last 30 days, no connection, never answered: members to welcome in person."""
    since = (now or timezone.now()) - timedelta(days=NEWCOMER_DAYS)
    rows = _fetch(
        """
        SELECT u.id FROM accounts_user u
        JOIN people_profile p ON p.user_id = u.id
        WHERE u.is_active AND u.date_joined >= %(since)s AND p.in_analytics
          AND NOT EXISTS (SELECT 1 FROM people_connection c WHERE c.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM forum_post po
                          WHERE po.author_id = u.id AND NOT po.is_opening AND NOT po.is_deleted)
        ORDER BY u.date_joined DESC, u.id DESC
        LIMIT %(limit)s""",
        {"since": since, "limit": limit},
    )
    return [row[0] for row in rows]


def count_isolated_newcomers(*, now: Any = None) -> int:
    since = (now or timezone.now()) - timedelta(days=NEWCOMER_DAYS)
    return _fetch(
        """
        SELECT count(*) FROM accounts_user u
        WHERE u.is_active AND u.date_joined >= %(since)s
          AND NOT EXISTS (SELECT 1 FROM people_connection c WHERE c.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM forum_post po
                          WHERE po.author_id = u.id AND NOT po.is_opening AND NOT po.is_deleted)""",
        {"since": since},
    )[0][0]


def _core(
    nodes: Iterable[int], edges: Iterable[tuple[int, int]]
) -> tuple[int, list[int], ig.Graph]:
    """(members, ids of connected members, igraph graph over them; vertex i is ids[i])."""
    pairs = {(a, b) if a < b else (b, a) for a, b in edges if a != b}
    ids = sorted({n for pair in pairs for n in pair})
    members = len(set(nodes).union(ids))
    index = {n: i for i, n in enumerate(ids)}
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in sorted(pairs)])
    return members, ids, graph


def _seeded(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an igraph call with its random generator seeded (igraph draws from a Python RNG)."""
    ig.set_random_number_generator(random.Random(SEED))
    try:
        return fn(*args, **kwargs)
    finally:
        ig.set_random_number_generator(random)


def analyse(
    nodes: Iterable[int],
    edges: Iterable[tuple[int, int]],
    domains: dict[int, set[str]],
    opted_out: set[int],
) -> dict[str, Any]:
    """Pure graph analysis (no database): stats, connectors, domain bridges.

    ``nodes`` are all members (isolated ones count as members, not in the graph measures);
    ``edges`` are member-id pairs. Louvain, clustering, components and betweenness run in
    igraph's C core: a 100k-member, 500k-edge graph takes seconds, not minutes.
    """
    members, ids, core = _core(nodes, edges)
    n, m = core.vcount(), core.ecount()
    sizes_all = sorted(core.connected_components().sizes(), reverse=True) if n else []
    largest = sizes_all[0] if sizes_all else 0
    stats: dict[str, Any] = {
        "members": members,
        "connected_members": n,
        "isolated_members": members - n,
        "connections": m,
        "components": len(sizes_all),
        "largest_component": largest,
        "largest_component_share": round(100.0 * largest / members, 1) if members else 0.0,
        "average_degree": round(2.0 * m / members, 2) if members else 0.0,
        # Average local clustering over connected members, 0 for degree 1 (as networkx).
        "clustering": round(core.transitivity_avglocal_undirected(mode="zero"), 3) if n else 0.0,
        "density": round(2.0 * m / (members * (members - 1)), 5) if members > 1 else 0.0,
    }
    betweenness: dict[int, float] = {}
    if m:
        communities = _seeded(core.community_multilevel)
        sizes = sorted(communities.sizes(), reverse=True)
        stats["communities"] = len(sizes)
        stats["community_sizes"] = sizes[:20]
        stats["modularity"] = round(core.modularity(communities.membership), 3)
        # Brandes-Pich estimate: shortest paths from k random sources, scaled up by n/k and
        # normalised like networkx (2 / ((n-1)(n-2)) for an undirected graph).
        k = min(BETWEENNESS_SAMPLES, n)
        sources = random.Random(SEED).sample(range(n), k)
        raw = core.betweenness(directed=False, sources=sources)
        scale = (n / k) * (2.0 / ((n - 1) * (n - 2))) if n > 2 else 0.0
        stats["betweenness_samples"] = k
        betweenness = {ids[i]: value * scale for i, value in enumerate(raw)}
    else:
        stats.update(communities=0, community_sizes=[], modularity=0.0)
    degree = dict(zip(ids, core.degree(), strict=True))
    connectors = [
        {"user_id": node, "score": round(score, 5), "degree": degree[node]}
        for node, score in sorted(betweenness.items(), key=lambda item: (-item[1], item[0]))
        if node not in opted_out and score > 0
    ][:LIST_LIMIT]
    # Bridges between domains: edges whose ends share no domain (both ends have one).
    pair_edges: Counter[tuple[str, str]] = Counter()
    pair_members: dict[tuple[str, str], set[int]] = defaultdict(set)
    reach: dict[int, set[str]] = defaultdict(set)
    cross: Counter[int] = Counter()
    for ea, eb in core.get_edgelist():
        a, b = ids[ea], ids[eb]
        da, db = domains.get(a, set()), domains.get(b, set())
        if not da or not db or da & db:
            continue
        cross[a] += 1
        cross[b] += 1
        reach[a] |= db
        reach[b] |= da
        for x in da:
            for y in db:
                key = (x, y) if x < y else (y, x)
                pair_edges[key] += 1
                pair_members[key].update((a, b))
    stats["cross_domain_connections"] = sum(cross.values()) // 2
    domain_links = [
        {"a": a, "b": b, "edges": n, "members": len(pair_members[(a, b)])}
        for (a, b), n in pair_edges.most_common()
        if len(pair_members[(a, b)]) >= K_ANONYMITY
    ][:LIST_LIMIT]
    bridges = [
        {"user_id": node, "cross_edges": n, "domains_reached": len(reach[node])}
        for node, n in sorted(cross.items(), key=lambda item: (-len(reach[item[0]]), -item[1]))
        if node not in opted_out
    ][:LIST_LIMIT]
    return {
        "stats": stats,
        "connectors": connectors,
        "bridges": bridges,
        "domain_links": domain_links,
    }


def snapshot(*, now: Any = None) -> NetworkSnapshot:
    started = time.monotonic()
    now = now or timezone.now()
    nodes, edges = build_graph()
    result = analyse(nodes, edges, _domains(), _opted_out())
    result["stats"]["isolated_newcomers"] = count_isolated_newcomers(now=now)
    newcomers = [{"user_id": user_id} for user_id in isolated_newcomers(now=now)]
    snap = NetworkSnapshot.objects.create(
        computed_at=now,
        stats=result["stats"],
        connectors=result["connectors"],
        bridges=result["bridges"],
        domain_links=result["domain_links"],
        newcomers=newcomers,
        seconds=round(time.monotonic() - started, 3),
    )
    # Keep a short history (the page reads the newest; older ones show the trend).
    keep = list(NetworkSnapshot.objects.values_list("pk", flat=True)[:30])
    NetworkSnapshot.objects.exclude(pk__in=keep).delete()
    return snap
