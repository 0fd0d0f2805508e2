"""Printed tickets for one-person-one-vote rooms: a PDF sheet of single-use QR cards."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from cocity_workshop.i18n import _
from cocity_workshop.resources import resource_path
from cocity_workshop.server.qr import qr_png

COLUMNS = 2
ROWS = 5
MARGIN = 12 * mm


def ticket_url(join_url: str, code: str) -> str:
    """The URL a ticket's QR code opens: the join page with the ticket in the fragment (never sent in logs)."""
    return f"{join_url}#t={code}"


def _fonts() -> tuple[str, str]:
    regular, bold = resource_path("fonts", "DejaVuSans.ttf"), resource_path("fonts", "DejaVuSans-Bold.ttf")
    if regular.is_file() and bold.is_file():
        if "CocityTicket" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("CocityTicket", str(regular)))
            pdfmetrics.registerFont(TTFont("CocityTicket-Bold", str(bold)))
        return "CocityTicket", "CocityTicket-Bold"
    return "Helvetica", "Helvetica-Bold"  # Latin-1 only; the shipped fonts cover Czech


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (titles are plain text, never markup)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def jury_ticket_url(join_url: str, code: str) -> str:
    """The URL a jury ticket's QR code opens: the phone page, which makes the phone a juror's (#19)."""
    return f"{join_url}#j={code}"


def jury_tickets_pdf(title: str, join_url: str, tickets: Sequence[tuple[int, str]]) -> bytes:
    """Jury tickets (juror number, code): the same cards, each naming its juror and opening the jury's page."""
    return tickets_pdf(
        title,
        join_url,
        [code for _number, code in tickets],
        jury=[_("Juror {n}").format(n=number) + " \u00b7 " + title for number, _code in tickets],
    )


def tickets_pdf(title: str, join_url: str | None, codes: Sequence[str], *, jury: Sequence[str] = ()) -> bytes:
    """A4 pages with ``COLUMNS`` x ``ROWS`` cut-out cards, one ticket code each.

    Without ``join_url`` (an event's tickets, valid in every room: each room has its own address) a card has no
    QR code: the phone scans the room's QR code on the screen, then the code is typed from the card. With
    ``jury`` (a heading per card, "Juror 3 · title") the cards are jury tickets."""
    regular, bold = _fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    heading = _("Jury tickets: {title}") if jury else _("Tickets: {title}")
    pdf.setTitle(heading.format(title=title))
    page_w, page_h = A4
    card_w = (page_w - 2 * MARGIN) / COLUMNS
    card_h = (page_h - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    for index, code in enumerate(codes):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        x = MARGIN + (slot % COLUMNS) * card_w
        y = page_h - MARGIN - (slot // COLUMNS + 1) * card_h
        pdf.setDash(3, 3)
        pdf.setStrokeGray(0.6)
        pdf.rect(x, y, card_w, card_h)
        pdf.setDash()
        if join_url is None:
            _event_card(pdf, (x, y, card_w, card_h), (regular, bold), title, code)
            continue
        qr_size = card_h - 10 * mm
        png = qr_png(jury_ticket_url(join_url, code) if jury else ticket_url(join_url, code), 600)
        pdf.drawImage(ImageReader(io.BytesIO(png)), x + 5 * mm, y + 5 * mm, qr_size, qr_size)
        text_x = x + qr_size + 9 * mm
        text_w = card_w - qr_size - 13 * mm
        pdf.setFillGray(0)
        pdf.setFont(bold, 10)
        line_y = y + card_h - 10 * mm
        for line in simpleSplit(jury[index] if jury else title, bold, 10, text_w)[:2]:
            pdf.drawString(text_x, line_y, _fit(line, bold, 10, text_w))
            line_y -= 4.5 * mm
        pdf.setFont(regular, 8.5)
        line_y -= 1.5 * mm
        note = _("Your ticket to vote: scan it with your phone. It admits one phone, once.")
        if jury:
            note = _("Your jury ticket: scan it with your phone to score the projects. It admits one phone, once.")
        for line in simpleSplit(note, regular, 8.5, text_w)[:5]:
            pdf.drawString(text_x, line_y, line)
            line_y -= 4 * mm
        pdf.setFont(regular, 7)
        pdf.drawString(text_x, y + 11 * mm, _("Ticket code:"))
        pdf.setFont("Courier", 8)
        groups = [code[i : i + 4] for i in range(0, len(code), 4)]
        pdf.drawString(text_x, y + 7 * mm, " ".join(groups[:3]))
        pdf.drawString(text_x, y + 3.5 * mm, " ".join(groups[3:]))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _event_card(
    pdf: canvas.Canvas, box: tuple[float, float, float, float], fonts: tuple[str, str], title: str, code: str
) -> None:
    """One event-wide ticket: the title, how to use it, and the code large enough to type."""
    x, y, card_w, card_h = box
    regular, bold = fonts
    text_x, text_w = x + 6 * mm, card_w - 12 * mm
    pdf.setFillGray(0)
    pdf.setFont(bold, 10)
    line_y = y + card_h - 9 * mm
    for line in simpleSplit(title, bold, 10, text_w)[:2]:
        pdf.drawString(text_x, line_y, _fit(line, bold, 10, text_w))
        line_y -= 4.5 * mm
    pdf.setFont(regular, 8.5)
    note = _(
        "Your ticket to vote in any room of this event: scan the QR code on the room's screen, then type this "
        "code. It admits one phone, once."
    )
    for line in simpleSplit(note, regular, 8.5, text_w)[:4]:
        pdf.drawString(text_x, line_y, line)
        line_y -= 4 * mm
    pdf.setFont(regular, 7)
    pdf.drawString(text_x, y + 15 * mm, _("Ticket code:"))
    pdf.setFont("Courier-Bold", 15)
    pdf.drawString(text_x, y + 7 * mm, " ".join(code[i : i + 4] for i in range(0, len(code), 4)))


def write_tickets(path: str | os.PathLike[str], title: str, join_url: str | None, codes: Sequence[str]) -> Path:
    """Write the tickets PDF atomically (a temporary file renamed into place)."""
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    temporary.write_bytes(tickets_pdf(title, join_url, codes))
    os.replace(temporary, target)
    return target


def write_jury_tickets(
    path: str | os.PathLike[str], title: str, join_url: str, tickets: Sequence[tuple[int, str]]
) -> Path:
    """Write the jury tickets PDF atomically."""
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    temporary.write_bytes(jury_tickets_pdf(title, join_url, tickets))
    os.replace(temporary, target)
    return target
