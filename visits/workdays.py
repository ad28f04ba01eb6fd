"""The working calendar visit plans and cadences follow (``settings.WORKING_CALENDAR``).

A calendar answers ``is_working_day(day)`` and ``next_working_day(day)`` (the day itself when
it is one), and names its public holidays (``holidays(start, end)``: each day off of a holiday
with the holiday's names) for the due dates that move off them and the care reminders.
``WeekendCalendar`` (the default: Monday to Friday, no public holidays) keeps every due date as
its cadence computes it; ``ChineseCalendar`` ("chinese") follows the mainland-China calendar of
the ``chinese-calendar`` package: public holidays are days off and a make-up Saturday (调休) is
a working day. A calendar of your own is a dotted path to a class or function returning one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

ONE_DAY = datetime.timedelta(days=1)
# No calendar has a longer run of days off; a misconfigured one cannot loop for ever.
LONGEST_BREAK_DAYS = 60


@dataclass(frozen=True)
class NamedHoliday:
    """One day off of a public holiday, named in both languages (``key`` does not translate)."""

    date: datetime.date
    key: str
    name: str
    name_zh_hans: str

    @property
    def localized_name(self) -> str:
        return self.name_zh_hans if (get_language() or "").lower().startswith("zh") else self.name


class WeekendCalendar:
    """Monday to Friday are working days, and there are no public holidays."""

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        for _ in range(LONGEST_BREAK_DAYS):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        return day

    def holidays(self, start: datetime.date, end: datetime.date) -> list[NamedHoliday]:
        return []


class ChineseCalendar(WeekendCalendar):
    """The mainland-China working calendar (public holidays and 调休 make-up workdays) for the
    years the ``chinese-calendar`` package knows; other years fall back to weekends."""

    def is_working_day(self, day: datetime.date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the State Council has not published yet
            return super().is_working_day(day)

    def holidays(self, start: datetime.date, end: datetime.date) -> list[NamedHoliday]:
        names = {holiday.value: holiday for holiday in chinese_calendar.Holiday}
        found = []
        day = start
        while day <= end:
            try:
                is_holiday, name = chinese_calendar.get_holiday_detail(day)
            except NotImplementedError:
                is_holiday, name = False, None
            if is_holiday and name in names:
                holiday = names[name]
                found.append(NamedHoliday(day, holiday.name, holiday.value, holiday.chinese))
            day += ONE_DAY
        return found


ALIASES = {"": WeekendCalendar, "weekends": WeekendCalendar, "chinese": ChineseCalendar}


def working_calendar() -> WeekendCalendar:
    """The configured calendar (``settings.WORKING_CALENDAR``: an alias or a dotted path)."""
    return _load(settings.WORKING_CALENDAR)


@lru_cache(maxsize=8)
def _load(path: str) -> WeekendCalendar:
    factory = ALIASES.get(path) or import_string(path)
    return factory()


def due_date_moves(*, today: datetime.date) -> dict[datetime.date, datetime.date]:
    """Each public holiday's day off around ``today`` → the next working day, where a due
    date that falls on it moves (``selectors.with_cadence``). Weekends stay as they are: a
    cadence counts calendar days, and the plan puts the visit on a workday near it."""
    return _due_date_moves(working_calendar(), today)


@lru_cache(maxsize=8)
def _due_date_moves(calendar: WeekendCalendar, today: datetime.date) -> dict[datetime.date, datetime.date]:
    # A year back covers the overdue accounts still reminded; a year and a month ahead, every
    # cadence of up to a year.
    start, end = today - datetime.timedelta(days=366), today + datetime.timedelta(days=400)
    return {holiday.date: calendar.next_working_day(holiday.date) for holiday in calendar.holidays(start, end)}


def care_holidays(*, start: datetime.date, end: datetime.date) -> list[NamedHoliday]:
    """The first day off of each holiday of ``settings.VISITS_CARE_HOLIDAYS`` (节日问候: 春节,
    中秋, …) that begins between ``start`` and ``end``, by the configured calendar."""
    wanted = set(settings.VISITS_CARE_HOLIDAYS)
    calendar = working_calendar()
    # Look a day further back so that a run already begun is recognised as not beginning.
    days = calendar.holidays(start - ONE_DAY, end)
    firsts = []
    for previous, holiday in zip([None, *days], days, strict=False):
        begins = previous is None or previous.key != holiday.key or previous.date != holiday.date - ONE_DAY
        if begins and holiday.key in wanted and holiday.date >= start:
            firsts.append(holiday)
    return firsts
