"""``aitalent bench recsys`` / ``aitalent bench links``: benchmark logic without Django.

The Django management command only parses arguments and calls :func:`run_recsys` or
:func:`run_links`, so the benchmarks also run from plain Python (tests, notebooks, CI).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import IO, Any

import numpy as np

from aitalent.recommendations.engine import links as link_models
from aitalent.recommendations.engine import metrics
from aitalent.recommendations.engine.data import (
    LinkSplit,
    RecsysSplit,
    load_lightgcn_split,
    load_link_split,
)
from aitalent.recommendations.engine.evaluation import PeakMemory, evaluate_ranking
from aitalent.recommendations.engine.models import DEFAULT_MODEL, MODELS, build_model
from aitalent.recommendations.engine.synthetic import synthetic_split

# Published Recall@20 / NDCG@20 on the standard Gowalla split (see the data set README).
GOWALLA_ANCHORS: tuple[tuple[str, float, float], ...] = (
    ("LightGCN (published)", 0.1830, 0.1554),
    ("GF-CF (published)", 0.1849, 0.1518),
    ("BSPM-EM (published)", 0.1920, 0.1597),
)
# Resource allocation on the shipped ca-AstroPh split (README anchors).
ASTROPH_ANCHORS: tuple[tuple[str, float, float, float, float], ...] = (
    ("Common Neighbours (README)", 0.9868, 0.7452, 0.8604, 0.8604),
    ("Adamic-Adar (README)", 0.9875, 0.8532, 0.9217, 0.9432),
    ("Resource Allocation (README)", 0.9877, 0.9065, 0.9347, 0.9558),
)
DEFAULT_RECSYS_MODELS = ("most-popular", "gf-cf", DEFAULT_MODEL, "als")
# At synthetic scale (100k × 200k) scoring every user with every model is dominated by the
# 2·10¹⁰ dense scores; we fit on everything and evaluate a seeded sample of users instead.
SYNTHETIC_EVAL_USERS = 10_000


def add_recsys_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--dataset", help="directory with train.txt and test.txt")
    source.add_argument(
        "--platform",
        action="store_true",
        help="the feed on this platform's own signals: time split, blend vs each signal",
    )
    source.add_argument(
        "--synthetic",
        type=int,
        metavar="USERS",
        help="generate USERS users, 2×USERS items, 50 interactions per user",
    )
    parser.add_argument(
        "--model",
        action="append",
        dest="models",
        choices=sorted(MODELS),
        help=f"model to run (repeatable); default: {', '.join(DEFAULT_RECSYS_MODELS)}",
    )
    parser.add_argument("--json", dest="json_path", help="write results as JSON to this path")


def add_links_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="directory with *_pos/neg.txt files")
    parser.add_argument("--json", dest="json_path", help="write results as JSON to this path")


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def _write_json(path: str | None, payload: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join([line, sep, *body])


def run_recsys(
    dataset: str | None,
    models: list[str] | None,
    json_path: str | None,
    synthetic: int | None = None,
    out: IO[str] = sys.stdout,
    *,
    progress: bool = True,
    k: int = 20,
    eval_users: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Fit and evaluate each model with the full-ranking protocol; print one table."""
    if (dataset is None) == (synthetic is None):
        raise ValueError("give exactly one of dataset or synthetic")
    started = time.perf_counter()
    split: RecsysSplit
    if synthetic is not None:
        split = synthetic_split(synthetic, seed=seed)
        eval_users = eval_users or SYNTHETIC_EVAL_USERS
    else:
        split = load_lightgcn_split(dataset)  # type: ignore[arg-type]
    train, test = split.train.matrix, split.test.matrix
    users = np.flatnonzero(np.diff(test.indptr) > 0)
    if eval_users is not None and eval_users < len(users):
        users = np.sort(np.random.default_rng(seed).choice(users, eval_users, replace=False))
    out.write(
        f"dataset {split.name}: {train.shape[0]:,} users, {train.shape[1]:,} items, "
        f"{train.nnz:,} train / {test.nnz:,} test interactions; evaluating {len(users):,} users "
        f"(load {time.perf_counter() - started:.1f}s)\n"
    )
    out.flush()
    results: list[dict[str, Any]] = []
    for name in models or list(DEFAULT_RECSYS_MODELS):
        model = build_model(name)
        with PeakMemory() as memory:
            t0 = time.perf_counter()
            model.fit(train)
            fit_seconds = time.perf_counter() - t0
            ranking = evaluate_ranking(
                model, test, k=k, users=users, progress=progress, desc=f"scoring {name}"
            )
        results.append(
            {
                "model": name,
                "default": name == DEFAULT_MODEL,
                f"recall@{k}": round(ranking.recall, 6),
                f"ndcg@{k}": round(ranking.ndcg, 6),
                "coverage": round(ranking.coverage, 6),
                "fit_seconds": round(fit_seconds, 2),
                "score_seconds": round(ranking.score_seconds, 2),
                "peak_memory_mb": round(memory.peak_mb, 1),
                "params": model.params(),
            }
        )
        out.write(
            f"  {name}: recall@{k} {ranking.recall:.4f} ndcg@{k} {ranking.ndcg:.4f} "
            f"(fit {fit_seconds:.1f}s, score {ranking.score_seconds:.1f}s)\n"
        )
        out.flush()
        del model
    rows = [
        [
            r["model"] + (" (default)" if r["default"] else ""),
            f"{r[f'recall@{k}']:.4f}",
            f"{r[f'ndcg@{k}']:.4f}",
            f"{r['coverage']:.3f}",
            f"{r['fit_seconds']:.1f}",
            f"{r['score_seconds']:.1f}",
            f"{r['peak_memory_mb']:.0f}",
        ]
        for r in results
    ]
    if dataset is not None and "gowalla" in split.name.lower():
        rows += [
            [name, f"{rc:.4f}", f"{nd:.4f}", "", "", "", ""] for name, rc, nd in GOWALLA_ANCHORS
        ]
    headers = [
        "model",
        f"Recall@{k}",
        f"NDCG@{k}",
        "coverage",
        "fit s",
        "score s",
        "peak MB",
    ]
    out.write("\n" + _table(rows, headers) + "\n")
    out.write(f"machine: {_machine()}; total {time.perf_counter() - started:.1f}s\n")
    payload = {
        "dataset": split.name,
        "n_users": int(train.shape[0]),
        "n_items": int(train.shape[1]),
        "evaluated_users": int(len(users)),
        "machine": _machine(),
        "results": results,
    }
    _write_json(json_path, payload)
    return payload


def _forbidden_edges(split: LinkSplit) -> set[tuple[int, int]]:
    known = np.concatenate([split.train_pos, split.val_pos, split.test_pos])
    return {(min(a, b), max(a, b)) for a, b in known.tolist()}


def run_links(
    dataset: str,
    json_path: str | None,
    out: IO[str] = sys.stdout,
    *,
    progress: bool = True,
    negatives_per_positive: int = 50,
    seed: int = 0,
    split: LinkSplit | None = None,
) -> dict[str, Any]:
    """Heuristics and the learned combiner: AUC, Hits@20/50/100, and the 2-hop protocol."""
    started = time.perf_counter()
    split = split or load_link_split(dataset)
    graph = link_models.Graph.from_pairs(split.train_pos, split.n_nodes)
    out.write(
        f"dataset {split.name}: {split.n_nodes:,} nodes, {len(split.train_pos):,} train edges, "
        f"{len(split.test_pos):,} test positives / {len(split.test_neg):,} negatives\n"
    )
    # The 2-hop protocol: each test positive (u, v) ranked against up to N nodes at distance 2
    # from u in the training graph that are not linked to u in any split (seeded sample).
    rng = np.random.default_rng(seed)
    forbidden = _forbidden_edges(split)
    hard = link_models.two_hop_negatives(
        graph,
        split.test_pos[:, 0],
        negatives_per_positive,
        forbidden,
        rng,
        exclude_targets=split.test_pos[:, 1],
    )
    keep = np.asarray([len(h) > 0 for h in hard])
    hard_pairs = np.asarray(
        [(int(split.test_pos[i, 0]), int(t)) for i in np.flatnonzero(keep) for t in hard[i]],
        dtype=np.int64,
    ).reshape(-1, 2)
    owners = np.concatenate([np.full(len(hard[i]), j) for j, i in enumerate(np.flatnonzero(keep))])
    out.write(
        f"2-hop protocol: {int(keep.sum()):,} positives with 2-hop negatives, "
        f"{len(hard_pairs):,} negatives (≤{negatives_per_positive} each)\n"
    )
    out.flush()

    def evaluate(score: Any) -> dict[str, float]:
        pos = score(split.test_pos)
        neg = score(split.test_neg)
        hard_scores = score(hard_pairs)
        pos_kept = pos[keep]
        # Rank each positive among its own negatives (ties count half, see metrics).
        greater = np.bincount(
            owners, weights=hard_scores > pos_kept[owners], minlength=len(pos_kept)
        )
        equal = np.bincount(
            owners, weights=hard_scores == pos_kept[owners], minlength=len(pos_kept)
        )
        ranks = 1.0 + greater + 0.5 * equal
        return {
            "auc": metrics.auc(pos, neg),
            "hits@20": metrics.hits_at_k(pos, neg, 20),
            "hits@50": metrics.hits_at_k(pos, neg, 50),
            "hits@100": metrics.hits_at_k(pos, neg, 100),
            "two_hop_mrr": metrics.mrr(ranks),
            "two_hop_hits@10": metrics.hits_at_rank(ranks, 10),
        }

    results: list[dict[str, Any]] = []
    steps = [*link_models.HEURISTICS, "graph-combiner"]
    for name in steps:
        t0 = time.perf_counter()
        with PeakMemory() as memory:
            if name in link_models.HEURISTICS:

                def score(pairs: np.ndarray, name: str = name) -> np.ndarray:
                    return link_models.heuristic_scores(graph, pairs, name)

                fit_seconds = 0.0
            else:
                combiner = link_models.LinkCombiner(seed=seed)
                combiner.fit(split.train_pos, split.n_nodes)
                fit_seconds = time.perf_counter() - t0
                val = metrics.auc(combiner.score(split.val_pos), combiner.score(split.val_neg))
                out.write(f"  graph-combiner validation AUC {val:.4f}\n")

                def score(
                    pairs: np.ndarray, combiner: link_models.LinkCombiner = combiner
                ) -> np.ndarray:
                    return combiner.score(pairs, graph)

            row = evaluate(score)
        row = {k: round(v, 6) for k, v in row.items()}
        results.append(
            {
                "model": name,
                "default": name == "graph-combiner",
                **row,
                "fit_seconds": round(fit_seconds, 2),
                "total_seconds": round(time.perf_counter() - t0, 2),
                "peak_memory_mb": round(memory.peak_mb, 1),
            }
        )
        out.write(
            f"  {name}: AUC {row['auc']:.4f} Hits@20 {row['hits@20']:.4f} "
            f"2-hop MRR {row['two_hop_mrr']:.4f} ({time.perf_counter() - t0:.1f}s)\n"
        )
        out.flush()
    headers = ["model", "AUC", "Hits@20", "Hits@50", "Hits@100", "2-hop MRR", "2-hop Hits@10", "s"]
    rows = [
        [
            r["model"] + (" (default)" if r["default"] else ""),
            f"{r['auc']:.4f}",
            f"{r['hits@20']:.4f}",
            f"{r['hits@50']:.4f}",
            f"{r['hits@100']:.4f}",
            f"{r['two_hop_mrr']:.4f}",
            f"{r['two_hop_hits@10']:.4f}",
            f"{r['total_seconds']:.1f}",
        ]
        for r in results
    ]
    if "astroph" in split.name.lower():
        rows += [
            [n, f"{a:.4f}", f"{h20:.4f}", f"{h50:.4f}", f"{h100:.4f}", "", "", ""]
            for n, a, h20, h50, h100 in ASTROPH_ANCHORS
        ]
    out.write("\n" + _table(rows, headers) + "\n")
    out.write(f"machine: {_machine()}; total {time.perf_counter() - started:.1f}s\n")
    payload = {"dataset": split.name, "machine": _machine(), "results": results}
    _write_json(json_path, payload)
    return payload


def main(argv: list[str] | None = None) -> int:
    """``python -m aitalent.recommendations.bench recsys|links ...`` without Django."""
    parser = argparse.ArgumentParser(prog="bench")
    sub = parser.add_subparsers(dest="which", required=True)
    add_recsys_arguments(sub.add_parser("recsys"))
    add_links_arguments(sub.add_parser("links"))
    args = parser.parse_args(argv)
    if args.which == "recsys" and args.platform:
        parser.error("--platform reads the database: run `aitalent bench recsys --platform`")
    if args.which == "recsys":
        run_recsys(args.dataset, args.models, args.json_path, args.synthetic)
    else:
        run_links(args.dataset, args.json_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
