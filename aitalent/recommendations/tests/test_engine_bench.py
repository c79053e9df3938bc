import io
import json
import re
from pathlib import Path

import numpy as np

from aitalent.recommendations import bench
from aitalent.recommendations.engine.data import write_lightgcn_file, write_pairs
from aitalent.recommendations.engine.synthetic import synthetic_link_split, synthetic_split

APP = Path(__file__).resolve().parents[1]


def test_the_engine_and_bench_never_import_django():
    pattern = re.compile(r"^\s*(import django|from django)", re.MULTILINE)
    files = [*sorted((APP / "engine").rglob("*.py")), APP / "bench.py"]
    assert len(files) > 5
    offenders = [str(f) for f in files if pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_recsys_bench_runs_end_to_end_on_a_generated_data_set(tmp_path):
    split = synthetic_split(300, seed=4, interactions_per_user=25)
    write_lightgcn_file(tmp_path / "train.txt", split.train.matrix)
    write_lightgcn_file(tmp_path / "test.txt", split.test.matrix)
    out = io.StringIO()
    payload = bench.run_recsys(
        str(tmp_path),
        ["most-popular", "gf-cf", "spectral-cf"],
        str(tmp_path / "result.json"),
        out=out,
        progress=False,
    )
    saved = json.loads((tmp_path / "result.json").read_text())
    assert saved["dataset"] == tmp_path.name
    assert [r["model"] for r in saved["results"]] == ["most-popular", "gf-cf", "spectral-cf"]
    assert [r["default"] for r in saved["results"]] == [False, False, True]
    for row in saved["results"]:
        for key in ("recall@20", "ndcg@20", "fit_seconds", "score_seconds", "peak_memory_mb"):
            assert isinstance(row[key], float | int)
        assert 0 <= row["recall@20"] <= 1
    assert payload["results"] == saved["results"]
    assert "spectral-cf (default)" in out.getvalue()


def test_links_bench_runs_end_to_end_on_a_generated_data_set(tmp_path):
    split = synthetic_link_split(500, seed=5)
    for name in ("train_pos", "val_pos", "val_neg", "test_pos", "test_neg"):
        write_pairs(tmp_path / f"{name}.txt", getattr(split, name))
    out = io.StringIO()
    bench.run_links(str(tmp_path), str(tmp_path / "links.json"), out=out, progress=False)
    saved = json.loads((tmp_path / "links.json").read_text())
    models = [r["model"] for r in saved["results"]]
    assert models == ["common_neighbours", "adamic_adar", "resource_allocation", "graph-combiner"]
    keys = ("auc", "hits@20", "hits@50", "hits@100", "two_hop_mrr", "two_hop_hits@10")
    for row in saved["results"]:
        assert all(0 <= row[k] <= 1 for k in keys)
    assert saved["results"][-1]["default"] is True
    assert "2-hop" in out.getvalue()


def test_the_synthetic_generator_is_seeded_and_skewed():
    a = synthetic_split(500, seed=9).train.matrix
    b = synthetic_split(500, seed=9).train.matrix
    assert (a != b).nnz == 0
    popularity = np.sort(np.asarray(a.sum(axis=0)).ravel())[::-1]
    # the top 10 % of items hold far more than 10 % of interactions
    assert popularity[: len(popularity) // 10].sum() > 0.3 * popularity.sum()
