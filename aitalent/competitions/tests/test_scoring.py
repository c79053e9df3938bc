"""Every metric equals scikit-learn's; parsing names problems precisely (no database)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as sk

from aitalent.competitions import scoring

SETTINGS = settings(max_examples=60, deadline=None)


def labels(n_classes: int = 4) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, n_classes - 1), min_size=2, max_size=60)


@SETTINGS
@given(data=st.data())
def test_label_metrics_equal_sklearn(data: st.DataObject) -> None:
    truth = np.array(data.draw(labels()))
    pred = np.array(
        data.draw(st.lists(st.integers(0, 4), min_size=len(truth), max_size=len(truth)))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert scoring.accuracy(truth, pred) == pytest.approx(sk.accuracy_score(truth, pred))
        assert scoring.balanced_accuracy(truth, pred) == pytest.approx(
            sk.balanced_accuracy_score(truth, pred)
        )
        assert scoring.macro_f1(truth, pred) == pytest.approx(
            sk.f1_score(truth, pred, average="macro", zero_division=0)
        )


@SETTINGS
@given(
    truth=st.lists(st.integers(0, 2), min_size=2, max_size=50),
    seed=st.integers(0, 10_000),
)
def test_log_loss_equals_sklearn(truth: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(3), size=len(truth))
    proba[rng.random(len(truth)) < 0.1] = [1.0, 0.0, 0.0]  # certainty: exercises the clipping
    expected = sk.log_loss(truth, proba, labels=[0, 1, 2])
    assert scoring.log_loss(np.array(truth), proba) == pytest.approx(expected, rel=1e-9)


@SETTINGS
@given(
    truth=st.lists(st.integers(0, 1), min_size=2, max_size=80).filter(
        lambda t: 0 < sum(t) < len(t)
    ),
    seed=st.integers(0, 10_000),
    ties=st.booleans(),
)
def test_binary_roc_auc_equals_sklearn_with_ties(truth: list[int], seed: int, ties: bool) -> None:
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 4, len(truth)).astype(float) if ties else rng.random(len(truth))
    expected = sk.roc_auc_score(truth, score)
    assert scoring.roc_auc(np.array(truth), score, 2) == pytest.approx(expected, rel=1e-12)


@SETTINGS
@given(seed=st.integers(0, 10_000), n=st.integers(6, 80))
def test_ovr_macro_roc_auc_equals_sklearn(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    truth = np.concatenate([[0, 1, 2], rng.integers(0, 3, n - 3)])
    raw = rng.random((n, 3))
    proba = raw / raw.sum(axis=1, keepdims=True)
    expected = sk.roc_auc_score(truth, proba, multi_class="ovr", average="macro")
    assert scoring.roc_auc(truth, raw, 3) == pytest.approx(expected, rel=1e-9)


@SETTINGS
@given(
    pairs=st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=2, max_size=60)
)
def test_regression_metrics_equal_sklearn(pairs: list[tuple[float, float]]) -> None:
    truth = np.array([a for a, _ in pairs])
    pred = np.array([b for _, b in pairs])
    assert scoring.rmse(truth, pred) == pytest.approx(
        sk.root_mean_squared_error(truth, pred), rel=1e-9, abs=1e-9
    )
    assert scoring.mae(truth, pred) == pytest.approx(
        sk.mean_absolute_error(truth, pred), rel=1e-9, abs=1e-9
    )
    assert scoring.r2(truth, pred) == pytest.approx(sk.r2_score(truth, pred), rel=1e-7, abs=1e-7)


def test_r2_of_a_constant_truth_matches_sklearn() -> None:
    truth = np.array([2.0, 2.0, 2.0])
    assert scoring.r2(truth, truth) == sk.r2_score(truth, truth) == 1.0
    assert scoring.r2(truth, truth + 1) == sk.r2_score(truth, truth + 1) == 0.0


def reference_apk(actual: set[str], predicted: list[str], k: int) -> float:
    # Ben Hamner's ml_metrics apk (the Kaggle reference implementation); sklearn has no MAP@K.
    predicted = predicted[:k]
    score, hits = 0.0, 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1.0
            score += hits / (i + 1.0)
    return score / min(len(actual), k)


@SETTINGS
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_ranking_metrics(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    items = [f"i{j}" for j in range(12)]
    n = 8
    truth = [set(rng.choice(items, rng.integers(1, 5), replace=False)) for _ in range(n)]
    pred = [list(rng.choice(items, k + 2, replace=False)) for _ in range(n)]
    ours = np.mean(
        [scoring.average_precision_at_k(t, p, k) for t, p in zip(truth, pred, strict=True)]
    )
    reference = np.mean([reference_apk(t, p, k) for t, p in zip(truth, pred, strict=True)])
    assert ours == pytest.approx(reference)
    # NDCG@k: sklearn's ndcg_score on 0/1 relevance, predicted items scored by their rank
    y_true = np.array([[1.0 if item in t else 0.0 for item in items] for t in truth])
    y_score = np.array(
        [[(len(p) - p.index(item)) if item in p else 0.0 for item in items] for p in pred]
    )
    expected = sk.ndcg_score(y_true, y_score, k=k)
    ours_ndcg = np.mean([scoring.ndcg_at_k(t, p, k) for t, p in zip(truth, pred, strict=True)])
    assert ours_ndcg == pytest.approx(expected)


# --- end to end: parse, align, split ---------------------------------------------------------


def truth_csv(n: int = 200, classes: int = 3, seed: int = 0) -> tuple[bytes, list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = [f"a{i}" for i in range(n)]
    y = rng.integers(0, classes, n)
    y[:classes] = np.arange(classes)
    return scoring.csv_bytes([["id", "label"], *zip(ids, y.tolist(), strict=True)]), ids, y


def load(content: bytes, metric: str = "accuracy", fraction: float = 0.3) -> scoring.Truth:
    return scoring.load_truth(
        content,
        metric=metric,
        id_column="id",
        target_column="label",
        secret="s3cret",
        public_fraction=fraction,
    )


def test_end_to_end_accuracy_equals_sklearn_on_each_part() -> None:
    content, ids, y = truth_csv()
    truth = load(content)
    rng = np.random.default_rng(1)
    pred = np.where(rng.random(len(y)) < 0.7, y, (y + 1) % 3)
    order = rng.permutation(len(ids))  # rows in any order
    sub = scoring.csv_bytes([["id", "label"], *[[ids[i], int(pred[i])] for i in order]])
    result = scoring.score(sub, truth)
    public = truth.public
    assert result.public_score == pytest.approx(sk.accuracy_score(y[public], pred[public]))
    assert result.private_score == pytest.approx(sk.accuracy_score(y[~public], pred[~public]))


def test_split_is_deterministic_per_secret_and_near_the_fraction() -> None:
    ids = pa.array([f"row-{i}" for i in range(20_000)])
    one = scoring.public_mask(ids, secret="a", public_fraction=0.3)
    assert (one == scoring.public_mask(ids, secret="a", public_fraction=0.3)).all()
    assert abs(one.mean() - 0.3) < 0.02
    other = scoring.public_mask(ids, secret="b", public_fraction=0.3)
    assert (one != other).mean() > 0.3


def test_a_class_missing_from_the_public_part_still_matches_sklearn() -> None:
    content, ids, y = truth_csv(n=60, classes=3)
    truth = load(content, metric="macro_f1")
    # make class 2 absent from the public part's truth but predicted there
    truth.target = np.where(truth.public & (truth.target == 2), 0, truth.target)
    pred = np.full(len(ids), 2)
    public = truth.public
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sk.f1_score(truth.target[public], pred[public], average="macro", zero_division=0)
        expected_bal = sk.balanced_accuracy_score(truth.target[public], pred[public])
    assert scoring.score_part(truth, pred, public) == pytest.approx(expected)
    truth.metric = scoring.METRICS["balanced_accuracy"]
    assert scoring.score_part(truth, pred, public) == pytest.approx(expected_bal)


def test_roc_auc_refuses_a_part_with_one_class_like_sklearn() -> None:
    with pytest.raises(scoring.ScoringError, match="only one class"):
        scoring.roc_auc(np.array([1, 1, 1]), np.array([0.1, 0.2, 0.3]), 2)
    with pytest.warns(sk._ranking.UndefinedMetricWarning):  # sklearn: NaN; we refuse NaN scores
        assert math.isnan(sk.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3]))


def sub_for(ids: list[str], values: list[str], header: str = "id,label") -> bytes:
    return (
        header + "\n" + "\n".join(f"{i},{v}" for i, v in zip(ids, values, strict=True)) + "\n"
    ).encode()


def error_of(content: bytes, truth: scoring.Truth) -> str:
    with pytest.raises(scoring.ScoringError) as info:
        scoring.score(content, truth)
    return info.value.message


def test_messages_name_the_row_the_id_and_the_counts() -> None:
    content, ids, y = truth_csv(n=2000)
    truth = load(content)
    values = [str(v) for v in y]
    bad_ids = ids.copy()
    bad_ids[1201] = "a77x"
    assert error_of(sub_for(bad_ids, values), truth) == (
        "Row 1,203: id 'a77x' is not in the test set (1 unknown ids)."
    )
    message = error_of(sub_for(ids[:-3], values[:-3]), truth)
    assert message.startswith("Expected 2,000 rows, got 1,997: 3 ids missing, e.g. 'a1997'")
    dup = ids.copy()
    dup[5] = ids[4]
    assert "Id 'a4' appears more than once (rows 6 and 7)" in error_of(sub_for(dup, values), truth)
    not_a_class = values.copy()
    not_a_class[9] = "cat"
    assert "Column `label` has 1 values that are not a class, e.g. row 11: 'cat'" in error_of(
        sub_for(ids, not_a_class), truth
    )
    assert "header must be exactly: id,label" in error_of(sub_for(ids, values, "id,pred"), truth)


def test_non_numeric_and_nan_values_are_refused() -> None:
    content = scoring.csv_bytes([["id", "label"], *[[f"r{i}", i * 0.5] for i in range(50)]])
    truth = load(content, metric="rmse")
    ids = [f"r{i}" for i in range(50)]
    values = [str(i) for i in range(50)]
    for row in (3, 7, 9):
        values[row] = "abc"
    assert error_of(sub_for(ids, values), truth) == (
        "Column `label` has 3 non-numeric values, e.g. row 5: 'abc'."
    )
    values = [str(i) for i in range(50)]
    values[2] = "nan"
    assert "1 NaN or infinite values, e.g. row 4" in error_of(sub_for(ids, values), truth)


def test_encoding_and_shape_errors() -> None:
    content, ids, y = truth_csv(n=20)
    truth = load(content)
    assert "not UTF-8" in error_of("id,label\na0,\xe9\n".encode("latin-1"), truth)
    assert "empty" in error_of(b"", truth)
    bad = sub_for(ids, [str(v) for v in y]).replace(b"a3,", b"a3,1,", 1)
    assert "Row 5 has 3 fields, expected 2" in error_of(bad, truth)


def test_probability_columns_for_several_classes() -> None:
    content, ids, y = truth_csv(n=100, classes=3)
    truth = load(content, metric="log_loss")
    assert truth.expected_columns() == ["id", "0", "1", "2"]
    rng = np.random.default_rng(3)
    proba = rng.dirichlet(np.ones(3), size=100)
    rows = [["id", "0", "1", "2"], *[[i, *p.tolist()] for i, p in zip(ids, proba, strict=True)]]
    result = scoring.score(scoring.csv_bytes(rows), truth)
    public = truth.public
    expected = sk.log_loss(y[public], proba[public], labels=[0, 1, 2])
    assert result.public_score == pytest.approx(expected, rel=1e-9)
    rows[3][1] = 1.5
    assert "between 0 and 1" in error_of(scoring.csv_bytes(rows), truth)


def test_ground_truth_problems_are_reported_without_values() -> None:
    with pytest.raises(scoring.ScoringError, match="duplicate ids"):
        load(b"id,label\na,1\na,0\n")
    with pytest.raises(scoring.ScoringError, match="no column"):
        load(b"id,answer\na,1\n")
    one_class = scoring.csv_bytes([["id", "label"], *[[f"a{i}", "SECRETCLASS"] for i in range(5)]])
    with pytest.raises(scoring.ScoringError) as info:
        load(one_class)
    assert "SECRETCLASS" not in info.value.message
