"""Axes that fit the data, for the report's charts at any size: one week of history or three years,
one item or hundreds. Both chart engines (matplotlib and the plain SVG) draw these same axes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

MIN_SPAN_DAYS = 14  # a single week is shown with a week of margin on each side
MAX_TICKS = 8
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class TimeAxis:
    start: dt.date
    end: dt.date
    ticks: tuple[tuple[dt.date, str], ...]

    def fraction(self, day: dt.date) -> float:
        """Where `day` lies on the axis, 0 at `start` and 1 at `end`."""
        return (day - self.start).days / max((self.end - self.start).days, 1)


@dataclass(frozen=True, slots=True)
class CountAxis:
    top: int
    ticks: tuple[int, ...]


def _month_starts(start: dt.date, end: dt.date, every: int) -> list[dt.date]:
    days: list[dt.date] = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day > end:
            return days
        if (month - 1) % every == 0:
            days.append(day)


def time_axis(days: Sequence[dt.date]) -> TimeAxis:
    """An axis from a little before the first day to a little after the last (at least
    `MIN_SPAN_DAYS` in all), ticked by week (up to ten weeks), by month (up to half a year), by
    quarter (up to two years), else by half year, with at most `MAX_TICKS` labels."""
    first, last = min(days), max(days)
    margin = max(3, (last - first).days // 25)
    start, end = first - dt.timedelta(days=margin), last + dt.timedelta(days=margin)
    short = MIN_SPAN_DAYS - (end - start).days
    if short > 0:
        start, end = start - dt.timedelta(days=short // 2), end + dt.timedelta(days=short - short // 2)
    span = (end - start).days
    if span <= 70:
        monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        marks = [monday + dt.timedelta(weeks=week) for week in range(span // 7 + 1)]
        marks = [day for day in marks if day <= end]
    else:
        marks = _month_starts(start, end, 1 if span <= 190 else 3 if span <= 730 else 6)
    marks = marks[:: -(-len(marks) // MAX_TICKS) or 1]
    labels = []
    for index, day in enumerate(marks):
        label = MONTHS[day.month - 1] if span > 70 else f"{day.day} {MONTHS[day.month - 1]}"
        if index == 0 or day.year != marks[index - 1].year:
            label += f" {day.year}"
        labels.append(label)
    return TimeAxis(start, end, tuple(zip(marks, labels)))


def count_axis(highest: int) -> CountAxis:
    """0 to a round top at or above `highest` (at least 1), with a step of 1, 2 or 5 times a power
    of ten giving at most five intervals."""
    highest = max(highest, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if -(-highest // step) <= 5:
                top = -(-highest // step) * step
                return CountAxis(top, tuple(range(0, top + 1, step)))
        magnitude *= 10
