"""Dates as the sources give them: a year, a month or a day, never more precise than known.

One home for reading and writing dates, used by the bibliography, the data files and the pages'
own metadata. `1945-02-31` is refused rather than shown as "31 February 1945".
"""

from __future__ import annotations

import calendar
import datetime
import re

ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(value: str) -> tuple[int, ...]:
    """"1956-10-19" → (1956, 10, 19); "2021-03" → (2021, 3); "1953" → (1953,). ValueError if no real date."""
    match = ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    parts = tuple(int(part) for part in match.groups() if part is not None)
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"'{value}' has no month {parts[1]}")
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            raise ValueError(f"'{value}' is not a day of the calendar "
                             f"({calendar.month_name[parts[1]]} {parts[0]} has "
                             f"{calendar.monthrange(parts[0], parts[1])[1]} days)") from None
    return parts


def iso(parts: tuple[int, ...]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


def display_date(parts: tuple[int, ...], language: str = "en") -> str:
    """(1956, 10, 19) → "19 October 1956" (en) or "1956年10月19日" (ja), at the precision given."""
    if language == "ja":
        return "".join(f"{value}{unit}" for value, unit in zip(parts, "年月日", strict=False))
    if len(parts) == 3:
        return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return str(parts[0])
