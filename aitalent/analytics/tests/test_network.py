"""Network analytics: graph shape, connectors, domain bridges, isolated newcomers, opt-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aitalent.analytics import network, selectors
from aitalent.analytics.tests.factories import connect, domain, member, question, reply, set_domains
from aitalent.people.models import Profile

pytestmark = pytest.mark.django_db


def test_analyse_a_known_graph():
    # Two triangles joined by one bridge node (3): 3 has the highest betweenness.
    edges = [(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)]
    domains = {1: {"a"}, 2: {"a"}, 3: {"a"}, 4: {"b"}, 5: {"b"}, 6: {"b"}}
    result = network.analyse(range(1, 8), edges, domains, opted_out=set())  # 7 is isolated
    stats = result["stats"]
    assert stats["members"] == 7 and stats["connections"] == 7
    assert stats["isolated_members"] == 1 and stats["components"] == 1
    assert stats["communities"] == 2
    assert stats["cross_domain_connections"] == 1
    assert result["connectors"][0]["user_id"] in {3, 4}
    assert {b["user_id"] for b in result["bridges"]} == {3, 4}
    # The domain pair has 2 members only: below k, not listed.
    assert result["domain_links"] == []


def test_opted_out_members_are_counted_but_never_listed():
    edges = [(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)]
    result = network.analyse([], edges, {}, opted_out={3, 4})
    assert result["stats"]["members"] == 6
    assert {c["user_id"] for c in result["connectors"]}.isdisjoint({3, 4})


def test_snapshot_and_isolated_newcomers(client, olivia):
    now = timezone.now()
    recent = now.date() - timedelta(days=5)
    old = now.date() - timedelta(days=90)
    lonely = member("lonely", joined=recent)
    shy = member("shy", joined=recent)
    Profile.objects.filter(user=shy).update(in_analytics=False)
    linked = member("linked", joined=recent)
    helper = member("helper", joined=recent)
    veteran = member("veteran", joined=old)
    connect(linked, veteran)
    thread = question(veteran, "A question", now - timedelta(days=1))
    reply(thread, helper, now - timedelta(hours=3))
    set_domains(veteran, domain("finance"))
    snap = network.snapshot(now=now)
    ids = [item["user_id"] for item in snap.newcomers]
    assert lonely.pk in ids
    assert shy.pk not in ids  # opted out of being named
    assert linked.pk not in ids and helper.pk not in ids and veteran.pk not in ids
    # The count includes everyone (olivia, lonely, shy): below 5, so it is hidden.
    assert snap.stats["isolated_newcomers"] == 3
    assert selectors.network(named=False)["stats"]["isolated_newcomers"] is None
    client.force_login(olivia)
    page = client.get(reverse("analytics:staff-network"))
    assert page.status_code == 200
    assert b"Lonely" in page.content and b"Shy" not in page.content


def test_opt_out_after_the_snapshot_still_hides_the_member(client, olivia):
    lonely = member("lonely", joined=timezone.now().date() - timedelta(days=2))
    network.snapshot()
    Profile.objects.filter(user=lonely).update(in_analytics=False)
    client.force_login(olivia)
    assert b"Lonely" not in client.get(reverse("analytics:staff-network")).content


def test_member_data_export_and_erase():
    from aitalent.analytics import services
    from aitalent.analytics.models import NetworkSnapshot

    lonely = member("lonely", joined=timezone.now().date() - timedelta(days=2))
    network.snapshot()
    assert services.export_member(lonely) == {"network_lists": ["newcomers"]}
    services.erase_member(lonely)
    assert NetworkSnapshot.objects.get().newcomers == []


def test_graph_measures_agree_with_networkx():
    """igraph does the work; networkx is the reference on a graph small enough for exact sums."""
    import networkx as nx

    graph = nx.powerlaw_cluster_graph(200, 3, 0.2, seed=7)
    graph.add_edges_from([(1000, 1001), (1001, 1002)])  # a second component
    result = network.analyse(list(graph.nodes) + [2000], list(graph.edges), {}, opted_out=set())
    stats = result["stats"]
    assert stats["members"] == 204 and stats["isolated_members"] == 1
    assert stats["connections"] == graph.number_of_edges()
    assert stats["components"] == 2 and stats["largest_component"] == 200
    assert stats["clustering"] == round(nx.average_clustering(graph), 3)
    # Fewer nodes than the sample budget: every node is a source, so betweenness is exact.
    exact = nx.betweenness_centrality(graph, normalized=True)
    for item in result["connectors"][:10]:
        assert item["score"] == pytest.approx(exact[item["user_id"]], abs=1e-5)
    assert 0.3 < stats["modularity"] <= 1.0
    assert (
        stats["modularity"]
        >= nx.community.modularity(graph, nx.community.louvain_communities(graph, seed=1)) - 0.05
    )
