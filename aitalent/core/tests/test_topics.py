from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from aitalent.core.models import Topic

pytestmark = pytest.mark.django_db


def test_taxonomy_is_loaded_by_migration() -> None:
    assert Topic.objects.filter(kind=Topic.Kind.SKILL).count() >= 150
    assert Topic.objects.filter(kind=Topic.Kind.DOMAIN).count() >= 12
    for slug in [
        "machine-learning",
        "deep-learning",
        "natural-language-processing",
        "computer-vision",
        "reinforcement-learning",
        "recommender-systems",
        "mlops",
        "healthcare",
        "education",
        "smart-city",
        "finance",
    ]:
        assert Topic.objects.filter(slug=slug).exists(), slug
    assert not Topic.objects.filter(name_zh="").exists()
    assert not Topic.objects.filter(name_en="").exists()


def test_hierarchy_and_prerequisites_form_a_dag() -> None:
    edges: dict[int, set[int]] = {}
    for topic in Topic.objects.prefetch_related("prerequisites"):
        edges[topic.id] = {p.id for p in topic.prerequisites.all()}
        if topic.parent_id:
            edges[topic.id].add(topic.parent_id)
    assert sum(len(v) for v in edges.values()) > 200
    state: dict[int, int] = {}

    def visit(node: int) -> None:
        state[node] = 1
        for nxt in edges.get(node, ()):
            assert state.get(nxt) != 1, f"cycle through topic {nxt}"
            if nxt not in state:
                visit(nxt)
        state[node] = 2

    for node in edges:
        if node not in state:
            visit(node)
    deep = Topic.objects.get(slug="deep-learning")
    assert deep.prerequisites.filter(slug="machine-learning").exists()


def test_topic_name_follows_the_active_language() -> None:
    topic = Topic.objects.get(slug="machine-learning")
    with translation.override("zh-hans"):
        assert topic.name == "机器学习"
    with translation.override("en"):
        assert topic.name == "Machine learning"


def test_topic_pages(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(16):
        response = client.get(reverse("core:topic-list"))
    assert response.status_code == 200
    assert "Deep learning" in response.content.decode()
    with django_assert_max_num_queries(16):
        response = client.get(reverse("core:topic-detail", args=["transformers"]))
    assert response.status_code == 200
    assert "Learn first" in response.content.decode()
    assert client.get(reverse("core:topic-detail", args=["no-such-topic"])).status_code == 404
    assert client.post(reverse("core:topic-list")).status_code == 405


def test_topic_pages_in_chinese(client) -> None:
    response = client.get(
        reverse("core:topic-detail", args=["machine-learning"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "机器学习" in response.content.decode()
