"""The account plan as a PDF for the quarterly review, in the active language.

ReportLab's built-in CID font ``STSong-Light`` (Adobe's Chinese-simplified set, which the
viewer supplies) draws Chinese and Latin text alike, so no font file ships with the app.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=16, leading=20, spaceAfter=6)


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text or "—")).replace("\n", "<br/>"), style)


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _amount(value) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True) if value is not None else "—"


def _table(header: list, rows: list[list]) -> Table:
    table = Table([[_p(cell) for cell in header], *[[_p(cell) for cell in row] for row in rows]], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _sections(plan, labels: dict) -> list:
    story = []
    for name, label in labels.items():
        story += [_p(label, HEADING), _p(getattr(plan, name, "") if plan else "")]
    return story


def plan_pdf(*, account, plan, labels: dict, objectives: list, actions: list, health) -> bytes:
    """The PDF of ``account``'s plan: its text sections (``labels``: field → translated label),
    health, objectives and actions."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=_("Account plan: %(account)s") % {"account": account.name},
    )
    figures = {
        "owner": account.owner,
        "reviewed": _date(plan and plan.reviewed_at),
        "next": _date(plan and plan.review_on),
        "printed": _date(timezone.localdate()),
    }
    story = [
        _p(_("Account plan: %(account)s") % {"account": account.name}, TITLE),
        _p(
            _("Owner: %(owner)s · Last reviewed: %(reviewed)s · Next review: %(next)s · Printed: %(printed)s") % figures
        ),
    ]
    if health is not None:
        story.append(
            _p(_("Plan health: %(band)s. %(reasons)s") % {"band": health.label, "reasons": " · ".join(health.reasons)})
        )
    story += [Spacer(1, 4 * mm), _p(_("Objectives"), HEADING)]
    story.append(
        _table(
            [_("Objective"), _("Kind"), _("Target"), _("Due date"), _("Status")],
            [
                [o.title, o.get_kind_display(), _amount(o.target), _date(o.due_on), o.get_status_display()]
                for o in objectives
            ],
        )
    )
    story += [_p(_("Actions"), HEADING)]
    story.append(
        _table(
            [_("Action"), _("Owner"), _("Due date"), _("Done")],
            [[a.title, str(a.owner), _date(a.due_on), _date(a.done_at)] for a in actions],
        )
    )
    story += _sections(plan, labels)
    document.build(story)
    return buffer.getvalue()
