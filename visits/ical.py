"""A rep's plan as an iCalendar (RFC 5545) feed: a handful of VEVENTs, written by hand.

Small enough not to need a library: text is escaped (backslash, semicolon, comma, newline),
lines are folded at 75 octets, and lines end with CRLF.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .models import PlanItem, PlanStatus, TimeOfDay

# The hours a "morning" or "afternoon" visit stands for in a calendar; "any" is an all-day event.
HOURS = {TimeOfDay.MORNING: (9, 11), TimeOfDay.AFTERNOON: (14, 16)}


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuation lines starting with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not parts else 74
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def plan_calendar(items: Iterable[PlanItem], *, name: str, domain: str, summary_for, url_for) -> str:
    """The calendar text for ``items`` (with their accounts loaded)."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Key Account CRM//Visit plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    zone = timezone.get_current_timezone()
    for item in items:
        lines += ["BEGIN:VEVENT", f"UID:plan-{item.pk}@{domain}", f"DTSTAMP:{stamp}"]
        hours = HOURS.get(item.time_of_day)
        if hours is None:
            lines.append(f"DTSTART;VALUE=DATE:{item.planned_on:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{item.planned_on + datetime.timedelta(days=1):%Y%m%d}")
        else:
            start = datetime.datetime.combine(item.planned_on, datetime.time(hours[0]), tzinfo=zone)
            end = datetime.datetime.combine(item.planned_on, datetime.time(hours[1]), tzinfo=zone)
            lines.append(f"DTSTART:{_utc(start)}")
            lines.append(f"DTEND:{_utc(end)}")
        lines.append(f"SUMMARY:{escape(summary_for(item))}")
        if item.account.address:
            lines.append(f"LOCATION:{escape(item.account.address)}")
        lines.append(f"URL:{url_for(item)}")
        lines.append("STATUS:CONFIRMED" if item.status != PlanStatus.DROPPED else "STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
