"""Certificate PDF (reportlab). Chinese text uses reportlab's built-in CID font STSong-Light."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"
_registered = False


def _font_for(text: str, latin: str) -> str:
    global _registered
    if any(ord(ch) > 0x2E7F for ch in text):
        if not _registered:
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
            _registered = True
        return CJK_FONT
    return latin


def _centred(pdf: Any, text: str, y: float, size: int, latin: str = "Helvetica") -> None:
    width = landscape(A4)[0]
    pdf.setFont(_font_for(text, latin), size)
    pdf.drawCentredString(width / 2, y, text)


def render_pdf(*, cert: Any, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    pdf.setTitle(f"Certificate: {cert.course.title}")
    pdf.setAuthor("AI Talent Exchange")
    pdf.setStrokeColor(HexColor("#0d6efd"))
    pdf.setLineWidth(4)
    pdf.rect(30, 30, width - 60, height - 60)
    _centred(pdf, "AI Talent Exchange", height - 110, 18, "Helvetica-Bold")
    _centred(pdf, "Certificate of completion · 结业证书", height - 160, 28, "Helvetica-Bold")
    _centred(pdf, "This certifies that", height - 210, 14)
    _centred(pdf, cert.holder_name, height - 250, 30, "Helvetica-Bold")
    _centred(pdf, "has completed the course", height - 290, 14)
    _centred(pdf, cert.course.title, height - 325, 22, "Helvetica-Bold")
    competencies = ", ".join(
        f"{c.get('name_en') or c.get('topic')} (level {c.get('level')})" for c in cert.competencies
    )
    if competencies:
        _centred(pdf, f"Competencies: {competencies}"[:150], height - 365, 11)
    _centred(pdf, f"Issued {cert.issued_at:%Y-%m-%d}", height - 395, 12)
    _centred(pdf, f"Verify: {verify_url}", 60, 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
