from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from aitalent.search import services
from aitalent.search.text import segment

pytestmark = pytest.mark.django_db


def doc(object_id, title, body="", visibility="public", language="en", topics=()):
    services.index(
        doc_type="forum.thread",
        object_id=object_id,
        title=title,
        body=body,
        url=f"/forum/t/{object_id}/",
        visibility=visibility,
        language=language,
        topics=topics,
        created_at=timezone.now(),
    )


def titles(query, viewer=None, **kw):
    return [h.title for h in services.search(query=query, viewer=viewer, **kw).hits]


def test_english_stemming_and_ranking() -> None:
    doc(1, "Recommender systems for small shops", "collaborative filtering basics")
    doc(2, "Cooking pasta", "nothing about recommendation")
    assert titles("recommender system") == ["Recommender systems for small shops"]
    assert titles('"collaborative filtering"') == ["Recommender systems for small shops"]


def test_stop_words_only_fall_back_to_the_simple_form() -> None:
    doc(1, "What is it", "a question about the word it")
    doc(2, "Gradient descent", "steps downhill")
    assert titles("it") == ["What is it"]  # 'it' is an English stop word


def test_counts_and_pages_for_words_and_phrases() -> None:
    for i in range(1, 8):
        doc(i, f"Graph neural network note {i}", "message passing on graphs")
    doc(20, "Network of neural ideas", "graph theory")  # the words, not the phrase
    words = services.search(query="graph neural", viewer=None, limit=3)
    assert words.total == 8 and len(words.hits) == 3
    assert services.search(query="graph neural", viewer=None, limit=3, offset=6).total == 8
    late = services.search(query="graph neural", viewer=None, limit=3, offset=30)
    assert late.hits == [] and late.total == 8
    phrase = services.search(query='"neural network"', viewer=None, limit=3)
    assert phrase.total == 7 and len(phrase.hits) == 3
    assert "Network of neural ideas" not in titles('"neural network"', limit=20)
    late = services.search(query='"neural network"', viewer=None, limit=3, offset=30)
    assert late.hits == [] and late.total == 7
    # Pages do not overlap and together hold every match once.
    pages = [
        h.pk
        for offset in (0, 3, 6)
        for h in services.search(query="graph neural", viewer=None, limit=3, offset=offset).hits
    ]
    assert len(pages) == len(set(pages)) == 8


def test_chinese_is_segmented_for_index_and_query() -> None:
    doc(1, "如何评估推荐系统的效果", "离线指标和在线实验", language="zh-hans")
    doc(2, "深度学习入门", "神经网络", language="zh-hans")
    assert titles("推荐系统") == ["如何评估推荐系统的效果"]
    assert titles("在线实验") == ["如何评估推荐系统的效果"]


def test_trigram_fallback_for_typos() -> None:
    doc(1, "Transformers explained")
    results = services.search(query="Transfromers explaned", viewer=None)
    assert results.fuzzy and [h.title for h in results.hits] == ["Transformers explained"]


def test_misspelt_words_are_corrected_from_the_vocabulary(client, api_client) -> None:
    doc(1, "Policy gradients", "reinforcement learning from human feedback")
    doc(2, "Members only reinforcement notes", "reinforcement learning", visibility="members")
    assert services.rebuild_terms() > 0
    results = services.search(query="reinforcment learnig", viewer=None)
    # The body words are found through the corrected query, not by title similarity.
    assert results.corrected == "reinforcement learning" and not results.fuzzy
    assert [h.title for h in results.hits] == ["Policy gradients"]
    page = client.get(reverse("search:results") + "?q=reinforcment+learnig").content.decode()
    assert "Showing results for" in page and "Policy gradients" in page
    assert "Members only" not in page
    body = api_client.get("/api/v1/search/?q=reinforcment+learnig").json()
    assert body["corrected_query"] == "reinforcement learning" and body["count"] == 1
    # Known words, Chinese and operators are left alone; nothing to correct gives "".
    assert services.suggest_correction("policy 推荐系统") == ""
    assert services.suggest_correction("xqzwv") == ""


def test_members_only_documents_never_reach_visitors(alice) -> None:
    doc(1, "Staff room budget", visibility="members")
    assert titles("budget") == []
    assert titles("budget", viewer=alice) == ["Staff room budget"]


def test_filters_by_type_and_topic() -> None:
    doc(1, "Graph neural networks", topics=["graph-neural-networks"])
    doc(2, "Graph databases")
    assert titles("graph", topic="graph-neural-networks") == ["Graph neural networks"]
    assert titles("graph", doc_type="knowledge.resource") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_query_is_safe(query: str) -> None:
    services.search(query=query, viewer=None)  # never raises, whatever the syntax


@given(st.text(max_size=120))
def test_segment_keeps_non_chinese_text(text: str) -> None:
    segmented = segment(text)
    assert "".join(segmented.split()) == "".join(text.split())


def test_search_page_and_instant_box(client, django_assert_max_num_queries) -> None:
    doc(1, "Evaluating RAG pipelines", "faithfulness and recall")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("search:results") + "?q=RAG")
    assert page.status_code == 200 and "Evaluating RAG pipelines" in page.content.decode()
    instant = client.get(reverse("search:instant") + "?q=RAG", HTTP_HX_REQUEST="true")
    assert "Evaluating RAG pipelines" in instant.content.decode()
    assert client.get(reverse("search:results") + "?q=&page=abc").status_code == 200


def test_search_api(api_client) -> None:
    doc(1, "Evaluating RAG pipelines")
    body = api_client.get("/api/v1/search/?q=rag").json()
    assert body["count"] == 1 and body["results"][0]["type"] == "forum.thread"


def test_reindex_command_rebuilds_from_the_apps(alice) -> None:
    from io import StringIO

    from django.core.management import call_command

    from aitalent.forum.tests.factories import question
    from aitalent.search.models import Document

    question(alice, title="Index me please, I am a question")
    Document.objects.all().delete()
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert "forum.thread: 1" in out.getvalue()
    assert titles("index me") == ["Index me please, I am a question"]
