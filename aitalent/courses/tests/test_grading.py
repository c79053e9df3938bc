"""Grading is exact: decimal tolerance boundaries, whole-answer patterns, choice sets."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitalent.courses import grading

decimals = st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False,
                       allow_infinity=False)  # fmt: skip
tolerances = st.decimals(min_value=0, max_value=1000, places=6, allow_nan=False,
                         allow_infinity=False)  # fmt: skip


def numeric(answer: Decimal, tolerance: Decimal) -> dict:
    return {"kind": "numeric", "answer": answer, "tolerance": tolerance}


@given(answer=decimals, tolerance=tolerances)
def test_the_tolerance_boundary_is_inclusive_and_exact(answer, tolerance) -> None:
    for value in (answer + tolerance, answer - tolerance):
        assert grading.grade_question(numeric(answer, tolerance), [str(value)]).is_correct
    just_outside = Decimal("0.000001")
    for value in (answer + tolerance + just_outside, answer - tolerance - just_outside):
        assert not grading.grade_question(numeric(answer, tolerance), [str(value)]).is_correct


@given(answer=decimals, tolerance=tolerances, value=decimals)
def test_numeric_grading_equals_the_definition(answer, tolerance, value) -> None:
    graded = grading.grade_question(numeric(answer, tolerance), [str(value)])
    assert graded.is_correct == (abs(value - answer) <= tolerance)


@pytest.mark.parametrize("typed", ["", "abc", "nan", "inf", "-Infinity", "1e", "1" * 70, "0x10"])
def test_what_is_not_a_finite_number_is_refused(typed) -> None:
    graded = grading.grade_question(numeric(Decimal("1"), Decimal("1000")), [typed])
    assert not graded.is_correct and graded.problem == "not a number"


@pytest.mark.parametrize("typed", ["0.25", " 0.25 ", "0,25", "2.5e-1", "+0.250"])
def test_numbers_are_read_in_common_notations(typed) -> None:
    assert grading.grade_question(numeric(Decimal("0.25"), Decimal("0")), [typed]).is_correct


@given(word=st.from_regex(r"[a-z]{1,12}", fullmatch=True),
       prefix=st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True))  # fmt: skip
def test_patterns_match_the_whole_answer_only(word, prefix) -> None:
    key = {"kind": "text", "answers": [re.escape(word)], "mode": "pattern", "case_sensitive": True}
    assert grading.grade_question(key, [word]).is_correct
    assert not grading.grade_question(key, [prefix + word]).is_correct
    assert not grading.grade_question(key, [word + prefix]).is_correct


@given(text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_exact_text_ignores_case_and_spacing_but_nothing_else(text) -> None:
    key = {"kind": "text", "answers": [text], "mode": "exact", "case_sensitive": False}
    assert grading.grade_question(key, [f"  {text.upper()}  "]).is_correct == (
        grading.normalise_text(text.upper(), case_sensitive=False)
        == grading.normalise_text(text, case_sensitive=False)
    )
    assert grading.grade_question(key, [text]).is_correct
    assert not grading.grade_question(key, [text + "x"]).is_correct


def test_case_sensitive_exact_text() -> None:
    key = {"kind": "text", "answers": ["ReLU"], "mode": "exact", "case_sensitive": True}
    assert grading.grade_question(key, ["ReLU"]).is_correct
    assert not grading.grade_question(key, ["relu"]).is_correct


def test_overlong_text_is_wrong_without_running_the_pattern() -> None:
    key = {"kind": "text", "answers": ["a+"], "mode": "pattern", "case_sensitive": False}
    assert not grading.grade_question(key, ["a" * (grading.MAX_TEXT + 1)]).is_correct


@given(correct=st.sets(st.integers(1, 20), min_size=1, max_size=5),
       chosen=st.sets(st.integers(1, 20), max_size=6))  # fmt: skip
def test_multiple_choice_needs_exactly_the_correct_set(correct, chosen) -> None:
    key = {"kind": "multiple", "correct": correct}
    graded = grading.grade_question(key, [str(c) for c in chosen], points=3)
    assert graded.is_correct == (chosen == correct)
    assert graded.points == (3 if chosen == correct else 0)


def test_single_choice_refuses_two_answers() -> None:
    key = {"kind": "single", "correct": {1}}
    assert grading.grade_question(key, ["1"]).is_correct
    assert grading.grade_question(key, ["1", "2"]).problem == "choose one answer"
    assert grading.grade_question(key, ["x"]).problem == "not a choice"
    assert not grading.grade_question(key, []).is_correct


@given(earned=st.integers(0, 500), extra=st.integers(0, 500), mark=st.integers(1, 100))
def test_pass_mark_is_compared_exactly(earned, extra, mark) -> None:
    total = earned + extra
    from fractions import Fraction

    expected = total > 0 and Fraction(earned, total) >= Fraction(mark, 100)
    assert grading.is_passing(earned, total, mark) == expected


def test_a_score_just_below_the_mark_fails_even_if_it_rounds_up() -> None:
    assert grading.score_percent(2999, 4000) == Decimal("74.98")
    assert not grading.is_passing(29999, 40000, 75)  # 74.9975% displays as 75.00
    assert grading.is_passing(3, 4, 75)
