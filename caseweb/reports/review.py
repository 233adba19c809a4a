"""Monthly access-log review (개인정보 안전성 확보조치 기준: 접속기록 점검): who read unusually much,
who worked at night, who revealed many resident numbers, who downloaded.

The thresholds are settings (CASEWEB_REVIEW_*, defaults in config.REVIEW_DEFAULTS); the page
states the rule it applied.
"""
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import select

from ..config import REVIEW_DEFAULTS
from ..extensions import db
from ..models import AccessLog, User
from ..timeutil import SEOUL, to_seoul


@dataclass(frozen=True)
class Rule:
    volume_factor: int
    volume_minimum: int
    night_start: int  # hour, KST
    night_end: int
    night_minimum: int
    rrn_minimum: int

    @classmethod
    def from_config(cls) -> "Rule":
        config = current_app.config
        return cls(**{name[len("REVIEW_"):].lower(): int(config.get(name, default))
                      for name, default in REVIEW_DEFAULTS.items()})

    def is_night(self, at: datetime) -> bool:
        hour = to_seoul(at).hour
        if self.night_start > self.night_end:  # across midnight, e.g. 22–06
            return hour >= self.night_start or hour < self.night_end
        return self.night_start <= hour < self.night_end


@dataclass
class UserMonth:
    user_id: int
    total: int = 0
    household_reads: int = 0
    night: int = 0
    rrn_reveals: int = 0
    downloads: int = 0
    flags: list = field(default_factory=list)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = date(month.year, month.month, 1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return datetime.combine(first, time(0), SEOUL), datetime.combine(following, time(0), SEOUL)


def review(month: date, rule: Rule) -> list[tuple[User | None, UserMonth]]:
    """Every account that left a trace in the month, flagged ones first."""
    start, end = month_bounds(month)
    users: dict[int, UserMonth] = {}
    stmt = select(AccessLog.user_id, AccessLog.at, AccessLog.action, AccessLog.household_id).where(
        AccessLog.at >= start, AccessLog.at < end, AccessLog.user_id.is_not(None))
    for user_id, at, action, household_id in db.session.execute(stmt.execution_options(yield_per=5000)):
        row = users.setdefault(user_id, UserMonth(user_id))
        row.total += 1
        row.household_reads += household_id is not None
        row.night += rule.is_night(at)
        row.rrn_reveals += action == "rrn_reveal"
        row.downloads += action.endswith("export")
    reads = [row.household_reads for row in users.values() if row.household_reads]
    typical = statistics.median(reads) if reads else 0
    for row in users.values():
        if row.household_reads >= rule.volume_minimum and row.household_reads > rule.volume_factor * typical:
            row.flags.append("volume")
        if row.night >= rule.night_minimum:
            row.flags.append("night")
        if row.rrn_reveals >= rule.rrn_minimum:
            row.flags.append("rrn")
    accounts = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(users))))}
    return sorted(((accounts.get(uid), row) for uid, row in users.items()),
                  key=lambda item: (-len(item[1].flags), -item[1].household_reads, item[1].user_id))
