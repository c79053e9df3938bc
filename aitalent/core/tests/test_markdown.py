from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitalent.core.markdown import render_markdown

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
# Written out again on purpose: the test's oracle must not change when the allow-list does.
SAFE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
URL_ATTRIBUTES = {"href", "src"}
SAFE_ATTRIBUTES = {
    "href",
    "src",
    "alt",
    "title",
    "width",
    "height",
    "align",
    "start",
    "type",
    "checked",
    "disabled",
    "class",
    "rel",
}


class ActiveContentFinder(HTMLParser):
    """Parses the output as a browser would and lists anything that could run or restyle."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES:
                self.problems.append(f"attribute {name} on {tag}")
            if name in URL_ATTRIBUTES and value is not None:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                # A browser reads a scheme only in this shape; anything else is a relative URL.
                match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
                scheme = match.group(1) if match else ""
                if scheme not in ("", "http", "https", "mailto"):
                    self.problems.append(f"{name}={value!r}")
            if tag == "input" and name == "type" and value != "checkbox":
                self.problems.append(f"input type {value}")

    handle_startendtag = handle_starttag


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def test_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_neutralises_xss_payload(payload: str) -> None:
    html = str(render_markdown(payload))
    assert active_content(html) == [], html


@pytest.mark.parametrize("payload", PAYLOADS[:60])
def test_it_neutralises_payload_inside_markdown_constructs(payload: str) -> None:
    text = f"# Title\n\n> {payload}\n\n- item {payload}\n\n[link]({payload})\n\n`{payload}`"
    assert active_content(str(render_markdown(text))) == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'=/ :;()[]!$`*#&\\-_\nabcjsvrptionerfhl")), max_size=200
    )
)
def test_property_no_active_content_for_any_input(text: str) -> None:
    html = str(render_markdown(text))
    assert active_content(html) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_rendering_is_idempotent_under_sanitising(text: str) -> None:
    from aitalent.core.markdown import sanitize_html

    html = str(render_markdown(text))
    assert sanitize_html(html) == html


def test_it_renders_code_with_highlighting() -> None:
    html = str(render_markdown("```python\nimport torch\n```"))
    assert '<pre class="highlight">' in html
    assert '<span class="kn">import</span>' in html


def test_it_renders_math_for_katex() -> None:
    html = str(render_markdown("Loss $L = -\\sum y \\log p$ and\n\n$$\\int_0^1 x\\,dx$$"))
    assert '<span class="math inline">L = -\\sum y \\log p</span>' in html
    assert '<div class="math' in html


def test_math_cannot_break_out_of_its_element() -> None:
    html = str(render_markdown("$x</span><script>alert(1)</script>$"))
    assert "<script" not in html


def test_links_get_nofollow_ugc_noopener() -> None:
    html = str(render_markdown("[paper](https://arxiv.org/abs/1706.03762)"))
    assert 'href="https://arxiv.org/abs/1706.03762"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_it_drops_javascript_links_and_raw_html() -> None:
    html = str(render_markdown("[x](javascript:alert(1)) <b onclick=x>bold</b>"))
    assert "<a" not in html  # the javascript: link is not a link at all
    assert "&lt;b onclick=x&gt;" in html  # raw HTML is shown as text, never parsed
    assert active_content(html) == []


def test_tables_tasklists_and_empty_input() -> None:
    html = str(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done"))
    assert "<table>" in html and 'type="checkbox"' in html and "disabled" in html
    assert str(render_markdown("")) == "" and str(render_markdown(None)) == ""
