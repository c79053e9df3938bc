"""Reasons are stored as a code plus parameters and put into words when a page renders them.

Jobs run without a request language, so a stored list holds {"reason": "topic", "params":
{"topic": {"en": "PyTorch", "zh": "PyTorch"}}}; `render()` picks the viewer's language. A reason
only ever names things the viewer may already see (a skill on a public profile, a topic, a count of
mutual connections of a member whose connections are visible to members).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext, ngettext


def topic_param(name_en: str, name_zh: str) -> dict[str, str]:
    return {"en": name_en, "zh": name_zh or name_en}


def _name(value: Any) -> str:
    if isinstance(value, dict):
        language = (get_language() or "en").lower()
        return str(value.get("zh") if language.startswith("zh") else value.get("en")) or ""
    return str(value)


def _names(values: Any) -> str:
    separator = "、" if (get_language() or "en").lower().startswith("zh") else ", "
    return separator.join(_name(v) for v in (values or []))


def render(code: str, params: dict[str, Any] | None = None) -> str:
    """The sentence for one reason in the active language."""
    p = params or {}
    count = int(p.get("count", 0) or 0)
    topic = _name(p.get("topic", ""))
    level = p.get("level", "")
    if code == "similar_members":
        return gettext("Members with interests like yours engaged with this")
    if code == "topic":
        return gettext("Matches your interest in %(topic)s") % {"topic": topic}
    if code == "text":
        return gettext("Close to what your profile says about you")
    if code == "popular":
        return gettext("Popular in the community")
    if code == "fresh":
        return gettext("New and active this week")
    if code == "level":
        if level:
            return gettext("A step up from your level %(level)s in %(topic)s") % {
                "level": level,
                "topic": topic,
            }
        return gettext("A good start in %(topic)s") % {"topic": topic}
    if code == "prerequisite":
        return gettext("Builds on %(topic)s, which you know") % {"topic": topic}
    if code == "mutual":
        return ngettext("%(count)s mutual connection", "%(count)s mutual connections", count) % {
            "count": count
        }
    if code == "skills":
        return gettext("Also works with %(skills)s") % {"skills": _names(p.get("skills"))}
    if code == "same_discussions":
        return gettext("Takes part in the same discussions as you")
    if code == "domain":
        return gettext("Also works in %(topic)s") % {"topic": topic}
    if code == "mentor_answers":
        return ngettext(
            "%(count)s accepted answer about %(topic)s, a skill you want to grow",
            "%(count)s accepted answers about %(topic)s, a skill you want to grow",
            count,
        ) % {"count": count, "topic": topic}
    if code == "mentor_evidenced":
        return gettext("Evidenced level %(level)s in %(topic)s, a skill you want to grow") % {
            "level": level,
            "topic": topic,
        }
    if code == "mentor_level":
        return gettext("Level %(level)s in %(topic)s, a skill you want to grow") % {
            "level": level,
            "topic": topic,
        }
    if code == "complements":
        return gettext("Brings %(skills)s, which complement your skills") % {
            "skills": _names(p.get("skills"))
        }
    if code == "project_needs":
        return gettext("Needs %(topic)s; you are at level %(level)s") % {
            "topic": topic,
            "level": level,
        }
    if code == "role_fit":
        return gettext("Covers %(skills)s for this role") % {"skills": _names(p.get("skills"))}
    if code == "expert":
        return gettext("Level %(level)s in %(topic)s") % {"level": level, "topic": topic}
    if code == "shared_topics":
        return gettext("Also about %(topic)s") % {"topic": topic}
    if code == "similar_text":
        return gettext("Similar content")
    if code == "teammate":
        return gettext("In this competition without a full team; brings %(skills)s") % {
            "skills": _names(p.get("skills"))
        }
    return gettext("Suggested for you")
