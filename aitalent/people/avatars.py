"""Avatar images: checked by content, bounded in bytes and pixels, re-encoded without metadata."""

from __future__ import annotations

import io
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZES = (64, 256)
_MAGIC = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
    "WEBP": (b"RIFF",),
}


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def render_sizes(upload: Any) -> dict[int, bytes]:
    """Square WebP renditions of an uploaded PNG/JPEG/WebP; ValidationError for anything else."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError({"avatar": _("The image is larger than 5 MiB.")})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"avatar": _("The image is larger than 5 MiB.")})
    kind = _sniff(data[:16])
    if kind is None:
        raise ValidationError(
            {"avatar": _("Upload a PNG, JPEG or WebP image (the file content is not one).")}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    {"avatar": _("The image has more than 40 megapixels; make it smaller.")}
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            {"avatar": _("The image has more than 40 megapixels; make it smaller.")}
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken or forged file
        raise ValidationError(
            {"avatar": _("This image is damaged or not really a PNG, JPEG or WebP file.")}
        ) from exc
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    square = image.crop((left, top, left + side, top + side))
    renditions = {}
    for px in SIZES:
        out = io.BytesIO()
        # A fresh image without info dict: EXIF, XMP and ICC data are not carried over.
        resized = square.resize((px, px), Image.Resampling.LANCZOS)
        clean = Image.new(resized.mode, resized.size)
        clean.paste(resized)
        clean.save(out, format="WEBP", quality=85, method=4)
        renditions[px] = out.getvalue()
    return renditions
