"""Privacy-friendly video embeds: only YouTube (no-cookie domain) and Bilibili, loaded on click."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_BV_ID = re.compile(r"^BV[0-9A-Za-z]{10}$")


def video_embed_url(url: str) -> str | None:
    """The iframe URL for a YouTube or Bilibili link, or None for anything else."""
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https"):
        return None
    host = (parsed.hostname or "").lower()
    video_id = ""
    if host in ("youtu.be",):
        video_id = parsed.path.lstrip("/").split("/")[0]
    elif host in ("youtube.com", "www.youtube.com", "m.youtube.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
    if video_id:
        return (
            f"https://www.youtube-nocookie.com/embed/{video_id}" if _YT_ID.match(video_id) else None
        )
    if host in ("bilibili.com", "www.bilibili.com", "m.bilibili.com"):
        parts = [p for p in parsed.path.split("/") if p]
        if len(parts) >= 2 and parts[0] == "video" and _BV_ID.match(parts[1]):
            return f"https://player.bilibili.com/player.html?bvid={parts[1]}&autoplay=0"
    return None
