"""Interaction matrices and loaders for the two on-disk benchmark formats.

Formats (see ``../shared/datasets/*/README.md``):

* LightGCN split: ``train.txt`` and ``test.txt``, one line per user, ``user item item ...``
  (whitespace-separated, 0-based non-negative integer ids; a user may have no items).
* Link prediction: ``train_pos.txt``, ``val_pos.txt``, ``val_neg.txt``, ``test_pos.txt``,
  ``test_neg.txt``, one ``u v`` pair per line.

Loaders refuse malformed input with ``path:line`` in the message instead of guessing, because a
silently skipped line changes every metric computed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

LIGHTGCN_FILES = ("train.txt", "test.txt")
LINK_FILES = ("train_pos.txt", "val_pos.txt", "val_neg.txt", "test_pos.txt", "test_neg.txt")


class DatasetFormatError(ValueError):
    """A data file does not follow the expected format; the message names the file and line."""


@dataclass
class InteractionMatrix:
    """A binary users × items CSR matrix plus the maps between external ids and row/column indices.

    ``user_ids[row]`` is the external id of a row and ``user_index[external_id]`` the reverse; the
    same for items. All matrices of one split share the same maps, so rows line up.
    """

    matrix: sp.csr_matrix
    user_ids: np.ndarray
    item_ids: np.ndarray
    user_index: dict[int, int] = field(default_factory=dict, repr=False)
    item_index: dict[int, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.matrix.shape != (len(self.user_ids), len(self.item_ids)):
            raise ValueError(
                f"matrix shape {self.matrix.shape} does not match "
                f"{len(self.user_ids)} users × {len(self.item_ids)} items"
            )
        if not self.user_index:
            self.user_index = {int(u): i for i, u in enumerate(self.user_ids)}
        if not self.item_index:
            self.item_index = {int(v): i for i, v in enumerate(self.item_ids)}

    @property
    def n_users(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def nnz(self) -> int:
        return int(self.matrix.nnz)

    def with_matrix(self, matrix: sp.csr_matrix) -> InteractionMatrix:
        """The same id maps around another matrix of the same shape (e.g. a validation split)."""
        return InteractionMatrix(
            matrix=matrix,
            user_ids=self.user_ids,
            item_ids=self.item_ids,
            user_index=self.user_index,
            item_index=self.item_index,
        )

    @classmethod
    def from_pairs(
        cls,
        users: Sequence[int] | np.ndarray,
        items: Sequence[int] | np.ndarray,
        *,
        user_ids: np.ndarray | None = None,
        item_ids: np.ndarray | None = None,
    ) -> InteractionMatrix:
        """Build from external (user, item) id pairs; duplicates collapse to one binary entry."""
        users_arr = np.asarray(users, dtype=np.int64)
        items_arr = np.asarray(items, dtype=np.int64)
        if user_ids is None:
            user_ids = np.unique(users_arr)
        if item_ids is None:
            item_ids = np.unique(items_arr)
        rows = _positions(user_ids, users_arr, "user")
        cols = _positions(item_ids, items_arr, "item")
        return cls(
            matrix=binary_csr(rows, cols, (len(user_ids), len(item_ids))),
            user_ids=np.asarray(user_ids),
            item_ids=np.asarray(item_ids),
        )


def binary_csr(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """A float32 CSR matrix with 1.0 at every (row, col), duplicates collapsed, indices sorted."""
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=shape, dtype=np.float32)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    matrix.sort_indices()
    return matrix


def _positions(sorted_ids: np.ndarray, values: np.ndarray, what: str) -> np.ndarray:
    sorted_ids = np.asarray(sorted_ids)
    pos = np.searchsorted(sorted_ids, values)
    pos = np.clip(pos, 0, max(len(sorted_ids) - 1, 0))
    if len(values) and (len(sorted_ids) == 0 or np.any(sorted_ids[pos] != values)):
        raise ValueError(f"some {what} ids are not in the id map")
    return pos


# --- LightGCN split format ------------------------------------------------------------------------


def read_user_item_lines(path: str | Path) -> Iterator[tuple[int, list[int]]]:
    """Yield ``(user, [items])`` per line of a LightGCN file, refusing malformed lines."""
    path = Path(path)
    seen: set[int] = set()
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            tokens = line.split()
            if not tokens:
                # Blank lines carry no user id, so they cannot be a user without items.
                raise DatasetFormatError(f"{path}:{lineno}: empty line (expected 'user item ...')")
            ids = [_parse_id(token, path, lineno) for token in tokens]
            user = ids[0]
            if user in seen:
                raise DatasetFormatError(f"{path}:{lineno}: user {user} appears on two lines")
            seen.add(user)
            yield user, ids[1:]


def _parse_id(token: str, path: Path, lineno: int) -> int:
    if not token.isdigit():
        # isdigit() also refuses signs, decimals and exponents, which int() would accept.
        raise DatasetFormatError(f"{path}:{lineno}: {token!r} is not a non-negative integer id")
    return int(token)


@dataclass
class RecsysSplit:
    """Train and test interactions over one shared user/item index."""

    name: str
    train: InteractionMatrix
    test: InteractionMatrix


def load_lightgcn_split(directory: str | Path) -> RecsysSplit:
    """Load ``train.txt`` / ``test.txt`` from any directory in the LightGCN split format.

    Users and items are indexed by the union of ids in both files (sorted), so a model can score
    items that only appear in test (they simply have no training signal).
    """
    directory = Path(directory)
    missing = [name for name in LIGHTGCN_FILES if not (directory / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{directory}: missing {', '.join(missing)}")
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for name in LIGHTGCN_FILES:
        users_on_lines: list[int] = []
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        for user, items in read_user_item_lines(directory / name):
            users_on_lines.append(user)
            if items:
                rows.append(np.full(len(items), user, dtype=np.int64))
                cols.append(np.asarray(items, dtype=np.int64))
        parts[name] = (
            np.asarray(users_on_lines, dtype=np.int64),
            np.concatenate(rows) if rows else np.zeros(0, np.int64),
            np.concatenate(cols) if cols else np.zeros(0, np.int64),
        )
    user_ids = np.unique(np.concatenate([p[0] for p in parts.values()]))
    item_ids = np.unique(np.concatenate([p[2] for p in parts.values()]))
    train_users, train_rows, train_cols = parts["train.txt"]
    _, test_rows, test_cols = parts["test.txt"]
    train = InteractionMatrix.from_pairs(
        train_rows, train_cols, user_ids=user_ids, item_ids=item_ids
    )
    test = train.with_matrix(
        InteractionMatrix.from_pairs(
            test_rows, test_cols, user_ids=user_ids, item_ids=item_ids
        ).matrix
    )
    return RecsysSplit(name=directory.name, train=train, test=test)


def write_lightgcn_file(path: str | Path, matrix: sp.csr_matrix) -> None:
    """Write a users × items matrix in the LightGCN format (row index = user id, column = item)."""
    matrix = sp.csr_matrix(matrix)
    with Path(path).open("w", encoding="utf-8") as handle:
        for user in range(matrix.shape[0]):
            items = matrix.indices[matrix.indptr[user] : matrix.indptr[user + 1]]
            handle.write(" ".join(str(v) for v in [user, *np.sort(items).tolist()]) + "\n")


def holdout_split(
    matrix: sp.csr_matrix, *, fraction: float = 0.2, seed: int = 0, min_keep: int = 1
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Split each user's interactions into (fit, holdout) at random, seeded.

    Used to carve a validation set out of ``train.txt``: hyperparameters are tuned on the
    holdout, never on the test file. Every user keeps at least ``min_keep`` items for fitting;
    users with too few items get no holdout.
    """
    matrix = sp.csr_matrix(matrix)
    rng = np.random.default_rng(seed)
    keep_mask = np.ones(matrix.nnz, dtype=bool)
    for user in range(matrix.shape[0]):
        start, end = matrix.indptr[user], matrix.indptr[user + 1]
        count = end - start
        n_hold = min(int(round(count * fraction)), count - min_keep)
        if n_hold <= 0:
            continue
        chosen = rng.choice(count, size=n_hold, replace=False)
        keep_mask[start + chosen] = False
    coo = matrix.tocoo()
    shape = matrix.shape
    fit = binary_csr(coo.row[keep_mask], coo.col[keep_mask], shape)
    hold = binary_csr(coo.row[~keep_mask], coo.col[~keep_mask], shape)
    return fit, hold


# --- link-prediction format -----------------------------------------------------------------------


@dataclass
class LinkSplit:
    """An undirected link-prediction split; node ids are used as indices directly."""

    name: str
    n_nodes: int
    train_pos: np.ndarray  # (m, 2) int64 pairs
    val_pos: np.ndarray
    val_neg: np.ndarray
    test_pos: np.ndarray
    test_neg: np.ndarray

    def train_graph(self) -> sp.csr_matrix:
        return adjacency(self.train_pos, self.n_nodes)


def read_pairs(path: str | Path) -> np.ndarray:
    """Read ``u v`` lines into an (m, 2) int64 array, refusing malformed lines and self-loops."""
    path = Path(path)
    pairs: list[tuple[int, int]] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            tokens = line.split()
            if len(tokens) != 2:
                raise DatasetFormatError(
                    f"{path}:{lineno}: expected 'u v' (two ids), got {len(tokens)} fields"
                )
            u, v = (_parse_id(token, path, lineno) for token in tokens)
            if u == v:
                raise DatasetFormatError(f"{path}:{lineno}: self-loop {u} {v}")
            pairs.append((u, v))
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)


def load_link_split(directory: str | Path) -> LinkSplit:
    """Load a link-prediction split from any directory with the five ``*_pos/neg.txt`` files."""
    directory = Path(directory)
    missing = [name for name in LINK_FILES if not (directory / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{directory}: missing {', '.join(missing)}")
    arrays = {name: read_pairs(directory / name) for name in LINK_FILES}
    n_nodes = 1 + max((int(a.max()) for a in arrays.values() if a.size), default=-1)
    edges_file = directory / "edges.txt"
    if edges_file.is_file():
        # The full edge list (when shipped) fixes the node count, including isolated nodes.
        edges = read_pairs(edges_file)
        if edges.size:
            n_nodes = max(n_nodes, 1 + int(edges.max()))
    return LinkSplit(
        name=directory.name,
        n_nodes=n_nodes,
        train_pos=arrays["train_pos.txt"],
        val_pos=arrays["val_pos.txt"],
        val_neg=arrays["val_neg.txt"],
        test_pos=arrays["test_pos.txt"],
        test_neg=arrays["test_neg.txt"],
    )


def adjacency(pairs: np.ndarray | Iterable[tuple[int, int]], n_nodes: int) -> sp.csr_matrix:
    """Symmetric binary float32 adjacency from undirected pairs."""
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([arr[:, 0], arr[:, 1]])
    cols = np.concatenate([arr[:, 1], arr[:, 0]])
    return binary_csr(rows, cols, (n_nodes, n_nodes))


def write_pairs(path: str | Path, pairs: np.ndarray) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        for u, v in np.asarray(pairs).reshape(-1, 2).tolist():
            handle.write(f"{u} {v}\n")
