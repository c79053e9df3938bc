"""``aitalent bench analytics``: time the nightly aggregation on the current database.

Run after ``aitalent seed --demo`` and ``aitalent seed --scale N``. The scale seed adds members,
skills and activity-log rows but no connections, so the network step is also timed on a synthetic
graph of the same size (``--graph-nodes``, default: the number of members; average degree ~10).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from aitalent.core.benching import Bench


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--graph-nodes", type=int, default=0, help="synthetic graph size (0: members)"
    )
    parser.add_argument("--graph-degree", type=int, default=5, help="edges per new node (BA model)")
    parser.add_argument("--skip-graph", action="store_true")


def run(options: dict[str, Any], out: Any) -> None:
    import networkx as nx
    from django.db import connection

    from aitalent.analytics import aggregation, network

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_user")
        members = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM activity_interaction")
        interactions = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM people_connection")
        connections = cursor.fetchone()[0]
    out.write(f"members={members} interactions={interactions} connection_rows={connections}\n")
    c0 = time.process_time()
    run_ = aggregation.nightly()
    out.write(
        f"nightly aggregation: {run_.seconds:.1f}s wall total "
        f"({time.process_time() - c0:.1f}s CPU in this process; SQL runs in PostgreSQL)\n"
    )
    for step, seconds in run_.timings.items():
        out.write(f"  {step:10s} {seconds:8.2f}s\n")
    if options.get("skip_graph"):
        return
    n = options.get("graph_nodes") or members
    t0 = time.monotonic()
    graph = nx.powerlaw_cluster_graph(n, options.get("graph_degree") or 5, 0.1, seed=42)
    built = time.monotonic() - t0
    t0, c0 = time.monotonic(), time.process_time()
    result = network.analyse(list(graph.nodes), list(graph.edges), {}, opted_out=set())
    analysed, cpu = time.monotonic() - t0, time.process_time() - c0
    stats = result["stats"]
    out.write(
        f"synthetic graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"(built in {built:.1f}s); analysis {analysed:.1f}s wall, {cpu:.1f}s CPU: "
        f"{stats['communities']} communities, "
        f"clustering {stats['clustering']}, modularity {stats['modularity']}\n"
    )


BENCHES = [
    Bench(
        "analytics",
        "time the nightly analytics aggregation (and the network step on a graph of that size)",
        add_arguments,
        run,
    )
]
