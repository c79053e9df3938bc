"""`aitalent bench scoring`: parse + validate + score a large submission, time and peak memory.

The files are written first (not timed). Each metric is then scored in a fresh Python process
so its peak resident memory (VmHWM) is the scorer's alone, interpreter and libraries
included: a conservative number for what one scoring job needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import CommandParser

from aitalent.core.benching import Bench

CHILD = r"""
import json, sys, time


def peak_mb():
    # VmHWM: this process's own peak resident memory (ru_maxrss would include the parent's,
    # which Linux carries over through fork + exec).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


from aitalent.competitions import scoring
truth_path, sub_path, metric = sys.argv[1:4]
started, cpu_started = time.perf_counter(), time.process_time()
truth = scoring.load_truth(truth_path, metric=metric, id_column="id", target_column="target",
                           secret="bench", public_fraction=0.3)
loaded, cpu_loaded = time.perf_counter(), time.process_time()
result = scoring.score(sub_path, truth)
done, cpu_done = time.perf_counter(), time.process_time()
print(json.dumps({
    "truth_s": loaded - started, "submission_s": done - loaded, "total_s": done - started,
    "truth_cpu_s": cpu_loaded - cpu_started, "submission_cpu_s": cpu_done - cpu_loaded,
    "public": result.public_score, "private": result.private_score,
    "peak_rss_mb": peak_mb(),
}))
"""


def _write(path: Path, header: str, ids: np.ndarray, values: list[np.ndarray]) -> None:
    columns = [ids] + [v.astype(str) if v.dtype.kind != "U" else v for v in values]
    lines = np.char.add(columns[0], "")
    for column in columns[1:]:
        lines = np.char.add(np.char.add(lines, ","), column)
    path.write_text(header + "\n" + "\n".join(lines.tolist()) + "\n")


def make_files(folder: Path, rows: int, metric: str, seed: int = 0) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    ids = np.char.add("id", np.arange(rows).astype(str))
    order = rng.permutation(rows)  # the submission lists rows in another order
    if metric == "accuracy":
        truth = rng.integers(0, 10, rows)
        pred = np.where(rng.random(rows) < 0.8, truth, rng.integers(0, 10, rows))
    elif metric == "roc_auc":
        truth = rng.integers(0, 2, rows)
        pred = np.round(np.clip(truth * 0.3 + rng.random(rows) * 0.7, 0, 1), 6)
    else:
        truth = np.round(rng.normal(0, 1, rows), 6)
        pred = np.round(truth + rng.normal(0, 0.3, rows), 6)
    truth_path, sub_path = folder / f"truth-{metric}.csv", folder / f"sub-{metric}.csv"
    _write(truth_path, "id,target", ids, [truth])
    _write(sub_path, "id,target", ids[order], [pred[order]])
    return truth_path, sub_path


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--metrics", default="accuracy,rmse,roc_auc", help="comma-separated metric names"
    )


def run(options: dict[str, Any], out: Any) -> None:
    rows = options["rows"]
    with tempfile.TemporaryDirectory(prefix="aitalent-bench-") as tmp:
        for metric in [m.strip() for m in options["metrics"].split(",") if m.strip()]:
            truth_path, sub_path = make_files(Path(tmp), rows, metric)
            size = sub_path.stat().st_size / 1e6
            child = subprocess.run(
                [sys.executable, "-c", CHILD, str(truth_path), str(sub_path), metric],
                capture_output=True,
                text=True,
                check=True,
            )
            numbers = json.loads(child.stdout.strip().splitlines()[-1])
            out.write(
                f"{metric:9s} rows={rows:,} submission={size:.1f} MB  "
                f"truth parse {numbers['truth_s']:.2f} s  "
                f"submission parse+validate+score {numbers['submission_s']:.2f} s  "
                f"total {numbers['total_s']:.2f} s  "
                f"(CPU time: truth {numbers['truth_cpu_s']:.2f} s, "
                f"submission {numbers['submission_cpu_s']:.2f} s)  "
                f"peak RSS {numbers['peak_rss_mb']:.0f} MB  "
                f"(public {numbers['public']:.4f}, private {numbers['private']:.4f})\n"
            )


BENCHES = [
    Bench(
        "scoring",
        "competitions: parse, validate and score a 1,000,000-row submission",
        add_arguments,
        run,
    )
]
