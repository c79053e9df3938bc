"""Quiz grading: pure functions, no Django; exact decimals; patterns match the whole answer.

A question key is a plain dict built by the services from the database row:
  {"kind": "single" | "multiple", "correct": {choice ids}}
  {"kind": "numeric", "answer": Decimal, "tolerance": Decimal}
  {"kind": "text", "answers": [str], "mode": "exact" | "pattern", "case_sensitive": bool}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_TEXT = 200  # longest short-text answer we grade (bounds regex work on learner input)


@dataclass(frozen=True)
class Graded:
    is_correct: bool
    points: int
    problem: str = ""  # why the response could not be read (never reveals the key)


def parse_number(text: Any) -> Decimal | None:
    """A finite decimal from what a learner typed ("3.14", " -2 ", "1e-3", "2,5"), else None."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        raw = str(text or "").strip().replace(" ", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        if not raw or len(raw) > 60:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None
    return value if value.is_finite() else None


def numeric_correct(value: Decimal, answer: Decimal, tolerance: Decimal) -> bool:
    """|value − answer| ≤ tolerance, computed exactly (Decimal subtraction is exact here)."""
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 200
        return abs(value - answer) <= abs(tolerance)


def normalise_text(text: str, *, case_sensitive: bool) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


def compile_pattern(pattern: str, *, case_sensitive: bool) -> re.Pattern[str]:
    """Raises re.error for a broken pattern (authoring validates with this)."""
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def text_correct(text: str, *, answers: list[str], mode: str, case_sensitive: bool) -> bool:
    cleaned = normalise_text(text, case_sensitive=True)
    if not cleaned or len(cleaned) > MAX_TEXT:
        return False
    if mode == "pattern":
        for pattern in answers:
            try:
                if compile_pattern(pattern, case_sensitive=case_sensitive).fullmatch(cleaned):
                    return True
            except re.error:
                continue
        return False
    wanted = {normalise_text(a, case_sensitive=case_sensitive) for a in answers}
    return normalise_text(cleaned, case_sensitive=case_sensitive) in wanted


def _choice_ids(response: Any) -> set[int] | None:
    items = response if isinstance(response, (list, tuple, set)) else [response]
    ids: set[int] = set()
    for item in items:
        if item in (None, ""):
            continue
        try:
            ids.add(int(item))
        except (TypeError, ValueError):
            return None
    return ids


def grade_question(key: dict[str, Any], response: Any, *, points: int = 1) -> Graded:
    kind = key["kind"]
    if kind in ("single", "multiple"):
        chosen = _choice_ids(response)
        if chosen is None:
            return Graded(False, 0, "not a choice")
        if kind == "single" and len(chosen) > 1:
            return Graded(False, 0, "choose one answer")
        ok = bool(chosen) and chosen == set(key["correct"])
        return Graded(ok, points if ok else 0)
    if kind == "numeric":
        value = parse_number(response[0] if isinstance(response, list) and response else response)
        if value is None:
            return Graded(False, 0, "not a number")
        ok = numeric_correct(value, Decimal(key["answer"]), Decimal(key["tolerance"]))
        return Graded(ok, points if ok else 0)
    if kind == "text":
        text = response[0] if isinstance(response, list) and response else response
        ok = text_correct(
            str(text or ""),
            answers=list(key["answers"]),
            mode=key["mode"],
            case_sensitive=bool(key["case_sensitive"]),
        )
        return Graded(ok, points if ok else 0)
    raise ValueError(f"unknown question kind {kind!r}")


def score_percent(earned: int, total: int) -> Decimal:
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(earned) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def is_passing(earned: int, total: int, pass_mark: int) -> bool:
    """Exact: earned/total ≥ pass_mark/100 in integers (the rounded score is for display only)."""
    return total > 0 and earned * 100 >= pass_mark * total
