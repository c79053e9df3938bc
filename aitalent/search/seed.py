"""`seed --scale N`: N synthetic search documents (COPY, then tsvector computed in SQL batches).

Two word distributions (`seed --corpus`):
- ``zipf`` (default): words follow a Zipf–Mandelbrot law over a realistic vocabulary — the words
  of the demo threads and resources (English and jieba-segmented Chinese) ranked by their own
  frequency, then ~30,000 rarer synthetic words — as natural text does;
- ``uniform``: an adversarial corpus, ~80 English and ~50 Chinese words drawn uniformly, so every
  word occurs in 10–60 % of documents and every query matches a large part of the index.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import TextIO

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from aitalent.search.text import segment

SEED_ORDER = 950
EN = [
    "model",
    "training",
    "data",
    "learning",
    "neural",
    "network",
    "transformer",
    "attention",
    "embedding",
    "retrieval",
    "graph",
    "recommender",
    "evaluation",
    "metric",
    "loss",
    "gradient",
    "optimizer",
    "batch",
    "inference",
    "latency",
    "gpu",
    "memory",
    "dataset",
    "label",
    "feature",
    "pipeline",
    "deployment",
    "monitoring",
    "drift",
    "fairness",
    "privacy",
    "federated",
    "reinforcement",
    "policy",
    "reward",
    "vision",
    "segmentation",
    "detection",
    "speech",
    "audio",
    "token",
    "language",
    "fine-tune",
    "lora",
    "quantization",
    "distillation",
    "benchmark",
    "baseline",
    "ablation",
    "healthcare",
    "education",
    "finance",
    "city",
    "energy",
    "agriculture",
    "manufacturing",
    "forecasting",
    "anomaly",
    "time",
    "series",
    "causal",
    "bayesian",
    "sampling",
    "diffusion",
    "generative",
    "prompt",
    "agent",
]
ZH = [
    "模型",
    "训练",
    "数据",
    "学习",
    "神经网络",
    "注意力",
    "嵌入",
    "检索",
    "推荐系统",
    "评估",
    "指标",
    "损失",
    "梯度",
    "优化器",
    "推理",
    "显存",
    "数据集",
    "标注",
    "特征",
    "部署",
    "监控",
    "公平性",
    "隐私",
    "联邦学习",
    "强化学习",
    "视觉",
    "分割",
    "检测",
    "语音",
    "大模型",
    "微调",
    "量化",
    "蒸馏",
    "基准",
    "医疗",
    "教育",
    "金融",
    "智慧城市",
    "能源",
    "农业",
    "制造",
    "预测",
    "异常检测",
    "时间序列",
    "因果推断",
    "生成式",
    "提示词",
    "智能体",
]


def _text(rng: random.Random, words: int) -> tuple[str, str]:
    zh = rng.random() < 0.35
    vocab = ZH if zh else EN
    text = ("" if zh else " ").join(rng.choice(vocab) for _ in range(words))
    return text, "zh-hans" if zh else "en"


class _Zipf:
    """Draws words with P(rank r) ∝ 1 / (r + 2.7): Mandelbrot's fit of natural-language text."""

    def __init__(self, words: list[str], seed: int) -> None:
        ranks = np.arange(1, len(words) + 1, dtype=np.float64)
        weights = 1.0 / (ranks + 2.7)
        self.cumulative = np.cumsum(weights / weights.sum())
        self.words = np.array(words, dtype=object)
        self.rng = np.random.default_rng(seed)

    def draw(self, count: int) -> list[str]:
        picks = np.searchsorted(self.cumulative, self.rng.random(count))
        return list(self.words[np.minimum(picks, len(self.words) - 1)])


def _demo_vocabularies(seed: int) -> tuple[_Zipf, _Zipf]:
    root = Path(__file__).resolve().parents[1]
    texts: list[str] = []
    threads = json.loads((root / "forum" / "data" / "demo_threads.json").read_text("utf-8"))
    resources = json.loads((root / "knowledge" / "data" / "demo_resources.json").read_text("utf-8"))

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(threads)
    walk(resources)
    english: Counter[str] = Counter()
    chinese: Counter[str] = Counter()
    for text in texts:
        english.update(re.findall(r"[a-z][a-z0-9\-]{1,20}", text.lower()))
        chinese.update(w for w in segment(text).split() if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", w))
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ter", "vex", "sor", "dan", "pri", "qua", "zen", "rol", "fi"]
    rare = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(40_000)}
    en_words = [w for w, _ in english.most_common()] + sorted(rare - set(english))[:30_000]
    zh_words = [w for w, _ in chinese.most_common()]
    return _Zipf(en_words, seed), _Zipf(zh_words, seed + 1)


def seed_scale(*, n: int, out: TextIO, seed: int = 42, corpus: str = "zipf") -> None:
    rng = random.Random(seed)
    if corpus == "zipf":
        en_zipf, zh_zipf = _demo_vocabularies(seed)

        def text(rng: random.Random, words: int) -> tuple[str, str]:
            if rng.random() < 0.35:
                return "".join(zh_zipf.draw(words)), "zh-hans"
            return " ".join(en_zipf.draw(words)), "en"
    else:
        text = _text
    now = timezone.now()
    batch = 20_000
    progress = tqdm(total=n, desc="search documents", file=out, unit="doc", disable=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(MAX(object_id), 0) FROM search_document "
            "WHERE doc_type = 'scale.synthetic'"
        )
        start = cursor.fetchone()[0] + 1
    done = 0
    while done < n:
        size = min(batch, n - done)
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY search_document (doc_type, object_id, title, summary, url, language, topics, "
                "visibility, text, weight, created_at, updated_at) FROM STDIN"
            ) as copy:
                for offset in range(size):
                    object_id = start + done + offset
                    title, language = text(rng, rng.randint(5, 9))
                    body, _ = text(rng, rng.randint(40, 90))
                    copy.write_row(
                        (
                            "scale.synthetic",
                            object_id,
                            title[:300],
                            body[:200],
                            f"/forum/t/synthetic-{object_id}/",
                            language,
                            [],
                            "public",
                            f"{segment(title)}\n{segment(body)}",
                            rng.random(),
                            now,
                            now,
                        )
                    )
            # Same vector recipe as services.index(), computed in SQL for the whole batch.
            cursor.execute(
                "UPDATE search_document SET tsv = "
                "setweight(to_tsvector('english', title), 'A') || "
                "setweight(to_tsvector('simple', split_part(text, E'\\n', 1)), 'A') || "
                "setweight(to_tsvector('english', text), 'B') || "
                "setweight(to_tsvector('simple', text), 'B') "
                "WHERE doc_type = 'scale.synthetic' AND object_id BETWEEN %s AND %s",
                [start + done, start + done + size - 1],
            )
        done += size
        progress.update(size)
    progress.close()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
    from aitalent.search import services

    terms = services.rebuild_terms()
    out.write(f"Search vocabulary: {terms} words.\n")
    out.write(f"Created {n} synthetic search documents ({corpus} corpus).\n")
