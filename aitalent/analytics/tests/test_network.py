"""Network analytics: graph shape, connectors, domain bridges, isolated newcomers, opt-out."""

from __future__ import annotations

from datetime import timedelta

import networkx as nx
import pytest
from django.urls import reverse
from django.utils import timezone

from aitalent.analytics import network, selectors
from aitalent.analytics.tests.factories import connect, domain, member, question, reply, set_domains
from aitalent.people.models import Profile

pytestmark = pytest.mark.django_db


def test_analyse_a_known_graph():
    # Two triangles joined by one bridge node (3): 3 has the highest betweenness.
    graph = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
    graph.add_node(7)  # isolated
    domains = {1: {"a"}, 2: {"a"}, 3: {"a"}, 4: {"b"}, 5: {"b"}, 6: {"b"}}
    result = network.analyse(graph, domains, opted_out=set())
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
    graph = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
    result = network.analyse(graph, {}, opted_out={3, 4})
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
