"""Network analytics on the people graph (accepted connections), with networkx.

Runs in the nightly job and stores one NetworkSnapshot. Lists that name members (connectors,
bridges, isolated newcomers) skip members with Profile.in_analytics = False; the counts do not.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import networkx as nx
from django.db import connection
from django.utils import timezone

from aitalent.analytics.models import K_ANONYMITY, NetworkSnapshot

BETWEENNESS_SAMPLES = 128  # approximate betweenness: k sampled sources (Brandes 2008) ...
LARGE_GRAPH_EDGES = 100_000  # ... and 32 above this many edges (each sample is one full BFS)
EXACT_CLUSTERING_NODES = 20_000  # above: sampled clustering (10,000 trials), as exact as needed
LIST_LIMIT = 50
NEWCOMER_DAYS = 30
SEED = 42


def _fetch(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.fetchall()


def build_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(row[0] for row in _fetch("SELECT id FROM accounts_user WHERE is_active"))
    graph.add_edges_from(
        _fetch(
            "SELECT c.user_id, c.other_id FROM people_connection c "
            "JOIN accounts_user a ON a.id = c.user_id AND a.is_active "
            "JOIN accounts_user b ON b.id = c.other_id AND b.is_active "
            "WHERE c.user_id < c.other_id"
        )
    )
    return graph


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


def _clustering(graph: nx.Graph) -> float:
    if not graph.number_of_nodes():
        return 0.0
    if graph.number_of_nodes() > EXACT_CLUSTERING_NODES:
        return round(nx.approximation.average_clustering(graph, trials=10_000, seed=SEED), 3)
    return round(nx.average_clustering(graph), 3)


def analyse(graph: nx.Graph, domains: dict[int, set[str]], opted_out: set[int]) -> dict[str, Any]:
    """Pure graph analysis (no database): stats, connectors, domain bridges."""
    core = graph.subgraph([n for n, d in graph.degree() if d > 0]).copy()
    components = list(nx.connected_components(core)) if core.number_of_nodes() else []
    largest = max((len(c) for c in components), default=0)
    stats: dict[str, Any] = {
        "members": graph.number_of_nodes(),
        "connected_members": core.number_of_nodes(),
        "isolated_members": graph.number_of_nodes() - core.number_of_nodes(),
        "connections": graph.number_of_edges(),
        "components": len(components),
        "largest_component": largest,
        "largest_component_share": round(100.0 * largest / graph.number_of_nodes(), 1)
        if graph.number_of_nodes()
        else 0.0,
        "average_degree": round(2.0 * graph.number_of_edges() / graph.number_of_nodes(), 2)
        if graph.number_of_nodes()
        else 0.0,
        "clustering": _clustering(core),
        "density": round(nx.density(graph), 5) if graph.number_of_nodes() > 1 else 0.0,
    }
    if core.number_of_edges():
        communities = nx.community.louvain_communities(core, seed=SEED)
        sizes = sorted((len(c) for c in communities), reverse=True)
        stats["communities"] = len(communities)
        stats["community_sizes"] = sizes[:20]
        stats["modularity"] = round(nx.community.modularity(core, communities), 3)
        budget = 32 if core.number_of_edges() > LARGE_GRAPH_EDGES else BETWEENNESS_SAMPLES
        samples = min(budget, core.number_of_nodes())
        stats["betweenness_samples"] = samples
        betweenness = nx.betweenness_centrality(core, k=samples, seed=SEED, normalized=True)
    else:
        stats.update(communities=0, community_sizes=[], modularity=0.0)
        betweenness = {}
    connectors = [
        {"user_id": node, "score": round(score, 5), "degree": core.degree(node)}
        for node, score in sorted(betweenness.items(), key=lambda item: (-item[1], item[0]))
        if node not in opted_out and score > 0
    ][:LIST_LIMIT]
    # Bridges between domains: edges whose ends share no domain (both ends have one).
    pair_edges: Counter[tuple[str, str]] = Counter()
    pair_members: dict[tuple[str, str], set[int]] = defaultdict(set)
    reach: dict[int, set[str]] = defaultdict(set)
    cross: Counter[int] = Counter()
    for a, b in core.edges():
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
    graph = build_graph()
    result = analyse(graph, _domains(), _opted_out())
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
