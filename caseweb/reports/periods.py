"""A report period: Korean calendar days, and the UTC instants that bound them."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..timeutil import SEOUL, seoul_today


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, time(0), SEOUL)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), SEOUL)

    def query(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_period(args) -> Period:
    """From ?start=&end= (YYYY-MM-DD); by default this Korean year so far. Swapped if reversed."""
    today = seoul_today()
    start, end = _day(args.get("start")), _day(args.get("end"))
    start = start or date(today.year, 1, 1)
    end = end or today
    if end < start:
        start, end = end, start
    if (end - start).days > 366 * 5:
        start = end - timedelta(days=366 * 5)
    return Period(start, end)


def _day(text):
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None
