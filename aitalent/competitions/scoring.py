"""Parse, validate and score a submission CSV against the ground truth: numpy + pyarrow, no Django.

Every metric equals scikit-learn's (tests compare them on random inputs). Error messages carry an
English template plus parameters (`ScoringError.template` / `.params`) so the web layer can show
them in the reader's language; the templates are marked with `gettext_noop` for the catalogue.

Rows are numbered as in a spreadsheet: the header is row 1, the first prediction row 2.
A message never quotes a ground-truth value: only ids (public: they are in the test inputs),
column names and what the participant submitted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv


def gettext_noop(message: str) -> str:
    return message


class ScoringError(Exception):
    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = {key: _fmt(value) for key, value in params.items()}
        super().__init__(template % self.params)

    @property
    def message(self) -> str:
        return self.template % self.params


def _fmt(value: Any) -> str:
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    return str(value)


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    kind: str  # label | proba | score | regression | ranking
    higher_is_better: bool


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("accuracy", gettext_noop("Accuracy"), "label", True),
        Metric("balanced_accuracy", gettext_noop("Balanced accuracy"), "label", True),
        Metric("macro_f1", gettext_noop("Macro F1"), "label", True),
        Metric("log_loss", gettext_noop("Log loss"), "proba", False),
        Metric(
            "roc_auc",
            gettext_noop("ROC AUC (one-vs-rest macro for several classes)"),
            "score",
            True,
        ),
        Metric("rmse", gettext_noop("Root mean squared error"), "regression", False),
        Metric("mae", gettext_noop("Mean absolute error"), "regression", False),
        Metric("r2", gettext_noop("R² (coefficient of determination)"), "regression", True),
        Metric("map_at_k", gettext_noop("MAP@K"), "ranking", True),
        Metric("ndcg_at_k", gettext_noop("NDCG@K"), "ranking", True),
    ]
}

MAX_LIST_ITEMS = 100  # ranking predictions: at most this many items per row


# --- metrics on aligned arrays ----------------------------------------------------------------


def accuracy(truth: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean(truth == pred))


def _confusion(truth: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = np.union1d(truth, pred)
    t = np.searchsorted(labels, truth)
    p = np.searchsorted(labels, pred)
    n = len(labels)
    return np.bincount(t * n + p, minlength=n * n).reshape(n, n), labels


def balanced_accuracy(truth: np.ndarray, pred: np.ndarray) -> float:
    cm, _ = _confusion(truth, pred)
    support = cm.sum(axis=1)
    present = support > 0  # sklearn drops classes that occur only in the predictions
    return float(np.mean(np.diag(cm)[present] / support[present]))


def macro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    cm, _ = _confusion(truth, pred)
    tp = np.diag(cm).astype(float)
    denominator = cm.sum(axis=0) + cm.sum(axis=1)  # 2tp + fp + fn
    f1 = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
    return float(np.mean(f1))  # zero_division: a label with no true and no predicted rows is 0


def log_loss(truth_codes: np.ndarray, proba: np.ndarray) -> float:
    """`proba` has one column per class (codes index the columns); clipped like sklearn."""
    eps = np.finfo(proba.dtype).eps
    picked = np.clip(proba[np.arange(len(truth_codes)), truth_codes], eps, 1 - eps)
    return float(-np.mean(np.log(picked)))


def _rank_average(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    boundaries = np.flatnonzero(np.diff(sorted_values)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(values)]))
    average = (starts + ends + 1) / 2.0  # ranks are 1-based; ties share their mean rank
    ranks = np.empty(len(values), dtype=float)
    ranks[order] = np.repeat(average, ends - starts)
    return ranks


def binary_auc(positive: np.ndarray, score: np.ndarray) -> float:
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ScoringError(
            gettext_noop(
                "ROC AUC is undefined on the %(part)s part: it contains only one class. "
                "The host must change the split."
            ),
            part="scored",
        )
    ranks = _rank_average(score)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def roc_auc(truth_codes: np.ndarray, scores: np.ndarray, n_classes: int) -> float:
    """Binary: `scores` is the positive class's score. Several classes: one-vs-rest macro over
    every class, on rows normalised to sum to 1 (as sklearn requires probabilities)."""
    if n_classes == 2:
        return binary_auc(truth_codes == 1, scores.reshape(-1))
    totals = scores.sum(axis=1, keepdims=True)
    proba = np.divide(scores, totals, out=np.full_like(scores, 1 / n_classes), where=totals > 0)
    return float(np.mean([binary_auc(truth_codes == k, proba[:, k]) for k in range(n_classes)]))


def rmse(truth: np.ndarray, pred: np.ndarray) -> float:
    return float(np.sqrt(np.mean((truth - pred) ** 2)))


def mae(truth: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean(np.abs(truth - pred)))


def r2(truth: np.ndarray, pred: np.ndarray) -> float:
    residual = float(np.sum((truth - pred) ** 2))
    total = float(np.sum((truth - truth.mean()) ** 2))
    if total == 0:  # sklearn's force_finite: a constant truth scores 1 if perfect, else 0
        return 1.0 if residual == 0 else 0.0
    return 1.0 - residual / total


def average_precision_at_k(relevant: set[str], predicted: list[str], k: int) -> float:
    """Kaggle's apk: precision at each hit in the first k (duplicates count once)."""
    if not relevant:
        return 0.0
    hits, total, seen = 0, 0.0, set()
    for i, item in enumerate(predicted[:k]):
        if item in relevant and item not in seen:
            hits += 1
            total += hits / (i + 1.0)
        seen.add(item)
    return total / min(len(relevant), k)


def ndcg_at_k(relevant: set[str], predicted: list[str], k: int) -> float:
    """Binary relevance NDCG@k (sklearn's ndcg_score with 0/1 gains and distinct predictions)."""
    dcg = sum(1.0 / math.log2(i + 2) for i, item in enumerate(predicted[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


# --- the ground truth ------------------------------------------------------------------------


@dataclass
class Truth:
    metric: Metric
    id_column: str
    target_column: str
    ids: pa.Array
    target: np.ndarray  # class codes, floats, or an object array of sets (ranking)
    classes: list[str] = field(default_factory=list)
    public: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    k: int = 10
    index: Any = None  # Index over the ids, built once

    def id_index(self) -> Index:
        if self.index is None:
            self.index = Index.build(self.ids)
        return self.index

    def class_index(self) -> Index:
        if getattr(self, "_class_index", None) is None:
            self._class_index = Index.build(pa.array(self.classes, pa.string()))
        return self._class_index

    @property
    def n(self) -> int:
        return len(self.ids)

    def expected_columns(self) -> list[str]:
        if self.metric.kind in ("proba", "score") and len(self.classes) > 2:
            return [self.id_column, *self.classes]
        return [self.id_column, self.target_column]


FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def hash64(values: pa.Array) -> np.ndarray:
    """A 64-bit FNV-1a hash of every string, vectorised over byte positions (numpy only).

    Arrow's own hash kernels were several times slower on this machine for 1M short ids.
    """
    if values.type == pa.large_string():
        offset_type = np.int64
    else:
        values = values.cast(pa.string())
        offset_type = np.int32
    _, offsets_buf, data_buf = values.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=offset_type)[
        values.offset : values.offset + len(values) + 1
    ].astype(np.int64)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, "u1")
    if len(data) == 0:
        data = np.zeros(1, dtype=np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    h = np.full(len(starts), FNV_OFFSET, dtype=np.uint64)
    longest = int(lengths.max()) if len(lengths) else 0
    last = len(data) - 1
    with np.errstate(over="ignore"):
        for j in range(longest):
            active = lengths > j
            byte = data[np.minimum(starts + j, last)].astype(np.uint64)
            h = np.where(active, (h ^ byte) * FNV_PRIME, h)
        h = h ^ lengths.astype(np.uint64)
    return _mix(h)


@dataclass
class Index:
    """Exact string lookup: sorted hashes, then a string comparison of each candidate."""

    keys: pa.Array
    order: np.ndarray
    sorted_hashes: np.ndarray
    exact_fallback: bool = False  # two different keys share a hash (never seen; handled)

    @classmethod
    def build(cls, keys: pa.Array, hashes: np.ndarray | None = None) -> Index:
        hashes = hash64(keys) if hashes is None else hashes
        order = np.argsort(hashes, kind="stable")
        sorted_hashes = hashes[order]
        index = cls(keys, order, sorted_hashes)
        same = np.flatnonzero(sorted_hashes[1:] == sorted_hashes[:-1])
        if len(same):
            left = keys.take(pa.array(order[same]))
            right = keys.take(pa.array(order[same + 1]))
            if not pc.all(pc.equal(left, right)).as_py():
                index.exact_fallback = True
        return index

    def duplicates(self) -> np.ndarray:
        """Positions (in key order) of keys equal to an earlier key."""
        same = np.flatnonzero(self.sorted_hashes[1:] == self.sorted_hashes[:-1])
        return np.sort(self.order[same + 1])

    def lookup(self, values: pa.Array) -> np.ndarray:
        """The key position of each value, or -1."""
        if self.exact_fallback:
            found = pc.index_in(values, value_set=self.keys)
            return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        if len(self.sorted_hashes) == 0:
            return np.full(len(values), -1, dtype=np.int64)
        h = hash64(values)
        if len(h) == len(self.sorted_hashes):
            # the usual case, a permutation of the keys: sorting aligns both sides at once
            value_order = np.argsort(h, kind="stable")
            if np.array_equal(h[value_order], self.sorted_hashes):
                candidate = np.empty(len(h), dtype=np.int64)
                candidate[value_order] = self.order
                same = pc.equal(
                    values.cast(pa.string()),
                    self.keys.cast(pa.string()).take(pa.array(candidate)),
                )
                return np.where(same.to_numpy(zero_copy_only=False), candidate, -1)
        where = np.minimum(np.searchsorted(self.sorted_hashes, h), len(self.sorted_hashes) - 1)
        candidate = self.order[where]
        hit = self.sorted_hashes[where] == h
        same = pc.equal(
            values.cast(pa.string()), self.keys.cast(pa.string()).take(pa.array(candidate))
        )
        hit &= same.to_numpy(zero_copy_only=False)
        return np.where(hit, candidate, -1)


def public_mask_from_hashes(hashes: np.ndarray, *, secret: str, fraction: float) -> np.ndarray:
    """Deterministic split: the id's hash mixed with a per-competition secret key."""
    key = np.uint64(int.from_bytes(hashlib.blake2b(secret.encode(), digest_size=8).digest()))
    h = _mix(_mix(hashes ^ key) ^ key)
    unit = (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)
    return unit < fraction


def public_mask(ids: pa.Array, *, secret: str, public_fraction: float) -> np.ndarray:
    return public_mask_from_hashes(hash64(ids), secret=secret, fraction=public_fraction)


def _natural_sort(values: list[str]) -> list[str]:
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values)


def load_truth(
    source: str | Path | bytes,
    *,
    metric: str,
    id_column: str,
    target_column: str,
    secret: str,
    public_fraction: float = 0.3,
    k: int = 10,
) -> Truth:
    """Parse the host's ground-truth CSV; errors here are the host's to fix."""
    spec = METRICS[metric]
    table = _read_csv(source, required=[id_column, target_column], who="ground truth")
    ids = table.column(id_column).combine_chunks()
    if pc.any(pc.equal(pc.utf8_length(ids), 0)).as_py():
        raise ScoringError(gettext_noop("The ground truth has empty ids."))
    id_hashes = hash64(ids)
    index = Index.build(ids, id_hashes)
    if len(index.duplicates()) or (
        index.exact_fallback and pc.count_distinct(ids).as_py() != len(ids)
    ):
        raise ScoringError(gettext_noop("The ground truth has duplicate ids."))
    raw = pc.utf8_trim_whitespace(table.column(target_column).combine_chunks())
    classes: list[str] = []
    if spec.kind in ("label", "proba", "score"):
        label_hashes = hash64(raw)
        _, first = np.unique(label_hashes, return_index=True)
        classes = _natural_sort(raw.take(pa.array(first)).to_pylist())
        if len(classes) < 2:
            raise ScoringError(gettext_noop("The ground truth needs at least two classes."))
        target = Index.build(pa.array(classes, pa.string())).lookup(raw)
        if (target < 0).any():  # a hash collision between labels: exact lookup instead
            target = pc.index_in(raw, value_set=pa.array(classes)).to_numpy(zero_copy_only=False)
    elif spec.kind == "regression":
        target = _numbers(raw, column=target_column, who="ground truth")
    else:
        target = np.array([set(v.split()) for v in raw.to_pylist()], dtype=object)
        if any(not items for items in target):
            raise ScoringError(gettext_noop("Every ground-truth row needs at least one item."))
    truth = Truth(spec, id_column, target_column, ids, target, classes, k=k)
    truth.index = index
    truth.public = public_mask_from_hashes(id_hashes, secret=secret, fraction=public_fraction)
    return truth


# --- reading CSV ------------------------------------------------------------------------------


def read_header(head: bytes) -> list[str]:
    """The first line of a CSV as column names; checks the encoding of what it was given."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            raise ScoringError(
                gettext_noop(
                    "The file is not UTF-8 text (byte %(position)s). Save it as UTF-8 CSV."
                ),
                position=exc.start + 1,
            ) from exc
        text = head[: exc.start].decode("utf-8")
    if "\x00" in text:
        raise ScoringError(gettext_noop("The file is not a CSV text file."))
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise ScoringError(gettext_noop("The file is empty: the first row must be the header."))
    return [name.strip() for name in next(csv.reader([first]))]


def check_header(header: list[str], expected: list[str], *, allow_extra: bool = False) -> None:
    """Exactly the expected columns; hosts testing their setup may send extra ones (the ground
    truth file itself, with notes), which are ignored."""
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ScoringError(
            gettext_noop("The header repeats the column %(column)s."), column=f"`{duplicates[0]}`"
        )
    missing = [name for name in expected if name not in header]
    extra = [] if allow_extra else [name for name in header if name not in expected]
    if missing or extra:
        raise ScoringError(
            gettext_noop("The header must be exactly: %(expected)s (found: %(found)s)."),
            expected=",".join(expected),
            found=",".join(header)[:200],
        )


def _read_csv(
    source: str | Path | bytes, *, required: list[str], who: str, allow_extra: bool = False
) -> pa.Table:
    if isinstance(source, bytes):
        head = source[:65536]
        stream: Any = pa.BufferReader(source)
    else:
        with open(source, "rb") as handle:
            head = handle.read(65536)
        stream = str(source)
    header = read_header(head)
    if who == "submission":
        check_header(header, required, allow_extra=allow_extra)
    else:
        missing = [name for name in required if name not in header]
        if missing:
            raise ScoringError(
                gettext_noop("The ground truth has no column %(column)s."), column=missing[0]
            )
    bad_rows: list[Any] = []

    def invalid(row: Any) -> str:
        bad_rows.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            stream,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc).lower():
            raise ScoringError(
                gettext_noop("The file is not UTF-8 text. Save it as UTF-8 CSV.")
            ) from exc
        raise ScoringError(gettext_noop("The file is not a valid CSV file.")) from exc
    if bad_rows:
        row = bad_rows[0]
        number = row.number  # arrow counts physical lines from 1, header included
        raise ScoringError(
            gettext_noop(
                "Row %(row)s has %(found)s fields, expected %(expected)s (%(count)s bad rows)."
            ),
            row=number if number is not None else "?",
            found=row.actual_columns,
            expected=row.expected_columns,
            count=len(bad_rows),
        )
    if who == "submission" and table.num_rows == 0:
        raise ScoringError(gettext_noop("The file has a header but no rows."))
    return table


def _examples(values: list[str], limit: int = 3) -> str:
    return ", ".join(f"'{v[:40]}'" for v in values[:limit])


def _numbers(raw: pa.Array, *, column: str, who: str = "submission") -> np.ndarray:
    """A string column as float64; refuses text, empty cells, NaN and infinities with row numbers."""  # noqa: E501
    stripped = pc.utf8_trim_whitespace(raw)
    try:
        values = pc.cast(stripped, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        bad = []
        for row, text in enumerate(stripped.to_pylist()):
            try:
                float(text)
            except ValueError:
                bad.append((row, text))
        if who != "submission":
            raise ScoringError(
                gettext_noop(
                    "The ground truth column %(column)s has %(count)s non-numeric values."
                ),
                column=f"`{column}`",
                count=len(bad),
            ) from None
        raise ScoringError(
            gettext_noop(
                "Column %(column)s has %(count)s non-numeric values, e.g. row %(row)s: %(value)s."
            ),
            column=f"`{column}`",
            count=len(bad),
            row=bad[0][0] + 2,
            value=f"'{bad[0][1][:40]}'",
        ) from None
    finite = np.isfinite(values)
    if not finite.all():
        rows = np.flatnonzero(~finite)
        if who != "submission":
            raise ScoringError(
                gettext_noop("The ground truth column %(column)s has NaN or infinite values."),
                column=f"`{column}`",
            )
        raise ScoringError(
            gettext_noop(
                "Column %(column)s has %(count)s NaN or infinite values, e.g. row %(row)s."
            ),
            column=f"`{column}`",
            count=len(rows),
            row=int(rows[0]) + 2,
        )
    return values


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    public_score: float
    private_score: float
    rows: int


def _align(sub_ids: pa.Array, truth: Truth) -> np.ndarray:
    """Row i of the submission is truth row `positions[i]`; every truth id exactly once."""
    positions = truth.id_index().lookup(sub_ids)
    if (positions < 0).any():
        unknown = np.flatnonzero(positions < 0)
        row = int(unknown[0])
        raise ScoringError(
            gettext_noop("Row %(row)s: id %(id)s is not in the test set (%(count)s unknown ids)."),
            row=row + 2,
            id=f"'{sub_ids[row].as_py()[:60]}'",
            count=len(unknown),
        )
    counts = np.bincount(positions, minlength=truth.n)
    if (counts > 1).any():
        repeated = int(np.flatnonzero(counts > 1)[0])
        rows = np.flatnonzero(positions == repeated)[:2]
        raise ScoringError(
            gettext_noop(
                "Id %(id)s appears more than once (rows %(rows)s); %(count)s ids are repeated."
            ),
            id=f"'{truth.ids[repeated].as_py()[:60]}'",
            rows=" and ".join(f"{int(r) + 2:,}" for r in rows),
            count=int((counts > 1).sum()),
        )
    if (counts == 0).any():
        missing = np.flatnonzero(counts == 0)
        raise ScoringError(
            gettext_noop(
                "Expected %(expected)s rows, got %(got)s: %(count)s ids missing, e.g. %(examples)s."
            ),
            expected=truth.n,
            got=len(sub_ids),
            count=len(missing),
            examples=_examples([truth.ids[int(i)].as_py() for i in missing[:3]]),
        )
    return positions


def _labels(raw: pa.Array, truth: Truth, column: str) -> np.ndarray:
    codes = truth.class_index().lookup(pc.utf8_trim_whitespace(raw))
    if (codes < 0).any():
        bad = np.flatnonzero(codes < 0)
        shown = truth.classes if len(truth.classes) <= 12 else truth.classes[:12] + ["…"]
        raise ScoringError(
            gettext_noop(
                "Column %(column)s has %(count)s values that are not a class, e.g. row %(row)s: %(value)s. Classes: %(classes)s."  # noqa: E501
            ),
            column=f"`{column}`",
            count=len(bad),
            row=int(bad[0]) + 2,
            value=f"'{raw[int(bad[0])].as_py()[:40]}'",
            classes=", ".join(shown),
        )
    return codes


def _probabilities(values: np.ndarray, column: str) -> None:
    outside = np.flatnonzero((values < 0) | (values > 1))
    if len(outside):
        raise ScoringError(
            gettext_noop(
                "Column %(column)s must hold probabilities between 0 and 1; %(count)s values are outside, e.g. row %(row)s."  # noqa: E501
            ),
            column=f"`{column}`",
            count=len(outside),
            row=int(outside[0]) + 2,
        )


def score_part(truth: Truth, prediction: Any, mask: np.ndarray) -> float:
    name = truth.metric.name
    t = truth.target[mask]
    p = prediction[mask]
    if not len(t):
        raise ScoringError(gettext_noop("The scored part of the test set is empty."))
    functions: dict[str, Callable[[Any, Any], float]] = {
        "accuracy": accuracy,
        "balanced_accuracy": balanced_accuracy,
        "macro_f1": macro_f1,
        "rmse": rmse,
        "mae": mae,
        "r2": r2,
    }
    if name in functions:
        return functions[name](t, p)
    if name == "log_loss":
        proba = p if p.ndim == 2 else np.column_stack([1 - p, p])
        return log_loss(t, proba)
    if name == "roc_auc":
        return roc_auc(t, p, len(truth.classes))
    if name == "map_at_k":
        return float(
            np.mean([average_precision_at_k(r, q, truth.k) for r, q in zip(t, p, strict=True)])
        )
    return float(np.mean([ndcg_at_k(r, q, truth.k) for r, q in zip(t, p, strict=True)]))


def parse_predictions(
    source: str | Path | bytes, truth: Truth, *, allow_extra: bool = False
) -> Any:
    """Read, validate and align a submission to the truth's row order."""
    expected = truth.expected_columns()
    table = _read_csv(source, required=expected, who="submission", allow_extra=allow_extra)
    sub_ids = pc.utf8_trim_whitespace(table.column(truth.id_column).combine_chunks())
    positions = _align(sub_ids, truth)
    kind = truth.metric.kind
    columns = expected[1:]
    if kind == "label":
        values: Any = _labels(table.column(columns[0]).combine_chunks(), truth, columns[0])
    elif kind in ("proba", "score", "regression"):
        stacked = [_numbers(table.column(c).combine_chunks(), column=c) for c in columns]
        if kind == "proba":
            for c, v in zip(columns, stacked, strict=True):
                _probabilities(v, c)
        values = stacked[0] if len(stacked) == 1 else np.column_stack(stacked)
    else:
        lists = []
        for row, text in enumerate(table.column(columns[0]).to_pylist()):
            items = text.split()
            if len(items) > MAX_LIST_ITEMS:
                raise ScoringError(
                    gettext_noop(
                        "Row %(row)s lists %(count)s items; at most %(limit)s are allowed."
                    ),
                    row=row + 2,
                    count=len(items),
                    limit=MAX_LIST_ITEMS,
                )
            lists.append(items)
        values = np.empty(len(lists), dtype=object)
        values[:] = lists
    aligned = np.empty_like(values)
    aligned[positions] = values
    return aligned


def score(source: str | Path | bytes, truth: Truth, *, allow_extra: bool = False) -> Result:
    prediction = parse_predictions(source, truth, allow_extra=allow_extra)
    public = score_part(truth, prediction, truth.public)
    private = score_part(truth, prediction, ~truth.public)
    return Result(public_score=public, private_score=private, rows=truth.n)


def check_split(truth: Truth) -> None:
    """The host's setup check: both parts non-empty and, for ROC AUC, every class in each part."""
    for mask, part in ((truth.public, "public"), (~truth.public, "private")):
        if not mask.any():
            raise ScoringError(
                gettext_noop("The %(part)s part of the test set is empty."), part=part
            )
        if truth.metric.name == "roc_auc":
            present = np.unique(truth.target[mask])
            if len(present) < len(truth.classes):
                raise ScoringError(
                    gettext_noop(
                        "ROC AUC needs every class in the %(part)s part; change the public share or add rows."  # noqa: E501
                    ),
                    part=part,
                )


def csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()
