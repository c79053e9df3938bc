"""The one markdown render function for all user text: markdown-it-py, then the nh3 sanitiser.

Rendering and sanitising are separate on purpose: whatever the parser or a plugin emits, only the
allow-listed tags, attributes, classes and URL schemes below reach a page.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

MAX_LENGTH = 100_000
LINK_REL = "nofollow ugc noopener"

_TAGS = {
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
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "input": {"type", "checked", "disabled"},
}
_PYGMENTS_CLASSES = {cls for cls in STANDARD_TYPES.values() if cls}
# Classes are allowed per tag and value (nh3 forbids "class" in the attribute list then).
# Classes are allowed per tag and value (nh3 forbids "class" in the attribute list then).
_CLASSES = {
    "span": _PYGMENTS_CLASSES | {"math", "inline"},
    "div": {"math", "block", "highlight"},
    "pre": {"highlight"},
    "code": set(),
    "section": {"footnotes"},
    "ul": {"contains-task-list"},
}
_FORMATTER = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang.strip().split()[0]) if lang.strip() else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return f'<pre class="highlight"><code>{escape(code)}</code></pre>'
    return f'<pre class="highlight"><code>{highlight(code, lexer, _FORMATTER)}</code></pre>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "highlight": _highlight, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=False, double_inline=True)
    md.use(footnote_plugin)
    md.use(tasklists_plugin)
    return md


def _filter_input(tag: str, attr: str, value: str) -> str | None:
    # Task-list checkboxes are the only <input> we keep, and they are always inert.
    if tag == "input" and attr == "type":
        return "checkbox" if value == "checkbox" else None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_filter_input,
    )


def render_markdown(text: str | None) -> SafeString:
    """Render member-written markdown (with code and $math$) to safe HTML."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _parser().render(text[:MAX_LENGTH])
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above
