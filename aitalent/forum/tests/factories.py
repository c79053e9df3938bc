from __future__ import annotations

from typing import Any

from aitalent.forum import services
from aitalent.forum.models import Category, Thread


def category(**fields: Any) -> Category:
    defaults = {"slug": "questions", "name_en": "Questions", "name_zh": "问答", "mode": "qa"}
    defaults.update(fields)
    return Category.objects.create(**defaults)


def question(author: Any, cat: Category | None = None, **fields: Any) -> Thread:
    return services.create_thread(
        author=author,
        category=cat or Category.objects.first() or category(),
        title=fields.pop("title", "How do I evaluate a RAG pipeline offline?"),
        body=fields.pop("body", "I have 200 labelled questions. Which metrics should I use?"),
        **fields,
    )
