"""Every environment variable the settings read is documented in .env.example and the README."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_every_setting_is_documented() -> None:
    settings_source = (REPO / "aitalent" / "config" / "settings.py").read_text()
    names = set(re.findall(r'env\.(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    names |= {"DATABASE_URL", "REDIS_URL"}
    example = (REPO / ".env.example").read_text()
    readme = (REPO / "README.md").read_text()
    assert names, "no settings found"
    assert sorted(n for n in names if f"\n{n}=" not in example) == []
    assert sorted(n for n in names if n not in readme) == []
