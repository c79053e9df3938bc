"""Load the topic taxonomy from aitalent/core/data/topics.json (idempotent: upsert by slug).

A later change to the data file ships as a new migration that calls `load_topics` again.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"


def load_topics(apps, schema_editor):
    Topic = apps.get_model("core", "Topic")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_slug = {}
    for entry in data["topics"]:
        parent = by_slug.get(entry["parent"]) if entry.get("parent") else None
        topic, _ = Topic.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "kind": entry["kind"],
                "parent": parent,
                "depth": (parent.depth + 1) if parent else 0,
                "name_en": entry["name_en"],
                "name_zh": entry["name_zh"],
                "description_en": entry.get("description_en", ""),
                "description_zh": entry.get("description_zh", ""),
                "aliases": entry.get("aliases", []),
            },
        )
        by_slug[topic.slug] = topic
    for entry in data["topics"]:
        topic = by_slug[entry["slug"]]
        topic.prerequisites.set([by_slug[slug] for slug in entry.get("prerequisites", [])])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_topics")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop)]
