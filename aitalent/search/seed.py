"""`seed --scale N`: N synthetic search documents (COPY, then tsvector computed in SQL batches)."""

from __future__ import annotations

import random
from typing import TextIO

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


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    rng = random.Random(seed)
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
                    title, language = _text(rng, rng.randint(5, 9))
                    body, _ = _text(rng, rng.randint(40, 90))
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
    out.write(f"Created {n} synthetic search documents.\n")
