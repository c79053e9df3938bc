"""`aitalent bench recsys --platform`: a time split over the platform's own signals."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aitalent.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_compares_the_blend_with_each_signal(alice):
    author = f.member("author", ("pytorch", 4))
    nlp = [f.resource(author, f"NLP note {i}", "natural-language-processing") for i in range(6)]
    vision = [f.resource(author, f"Vision note {i}", "computer-vision") for i in range(6)]
    for n in range(8):
        slug = "natural-language-processing" if n % 2 else "computer-vision"
        user = f.member(f"reader{n}", (slug, 2))
        items = nlp if n % 2 else vision
        for day, item in enumerate(items[:5]):
            f.signal(user, item, days=30 - day * 5)  # the last ones fall after the cutoff
    out = StringIO()
    call_command("bench", "recsys", "--platform", stdout=out)
    text = out.getvalue()
    for name in ("popular", "cf", "topic", "text", "level", "blend"):
        assert f"\n{name} " in text
    assert "members with later signals" in text


def test_it_explains_when_there_is_no_data(alice):
    with pytest.raises(CommandError, match="seed"):
        call_command("bench", "recsys", "--platform", stdout=StringIO())
