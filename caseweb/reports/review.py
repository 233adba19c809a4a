"""Monthly access-log review (개인정보 안전성 확보조치 기준: 접속기록 점검): who read unusually much,
who worked at night, who revealed many resident numbers, who downloaded."""
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from ..extensions import db
from ..models import AccessLog, User
from ..timeutil import SEOUL, to_seoul

NIGHT = (22, 6)  # 22:00–06:00 KST
VOLUME_FACTOR = 3  # flagged when reading more than 3× the median reader …
VOLUME_MINIMUM = 50  # … and at least this many household reads
NIGHT_MINIMUM = 10
RRN_MINIMUM = 10


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


def is_night(at: datetime) -> bool:
    hour = to_seoul(at).hour
    return hour >= NIGHT[0] or hour < NIGHT[1]


def review(month: date) -> list[tuple[User | None, UserMonth]]:
    """Every account that left a trace in the month, flagged ones first."""
    start, end = month_bounds(month)
    users: dict[int, UserMonth] = {}
    stmt = select(AccessLog.user_id, AccessLog.at, AccessLog.action, AccessLog.household_id).where(
        AccessLog.at >= start, AccessLog.at < end, AccessLog.user_id.is_not(None))
    for user_id, at, action, household_id in db.session.execute(stmt.execution_options(yield_per=5000)):
        row = users.setdefault(user_id, UserMonth(user_id))
        row.total += 1
        row.household_reads += household_id is not None
        row.night += is_night(at)
        row.rrn_reveals += action == "rrn_reveal"
        row.downloads += action.endswith("export")
    reads = [row.household_reads for row in users.values() if row.household_reads]
    typical = statistics.median(reads) if reads else 0
    for row in users.values():
        if row.household_reads >= VOLUME_MINIMUM and row.household_reads > VOLUME_FACTOR * typical:
            row.flags.append("volume")
        if row.night >= NIGHT_MINIMUM:
            row.flags.append("night")
        if row.rrn_reveals >= RRN_MINIMUM:
            row.flags.append("rrn")
    accounts = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(users))))}
    return sorted(((accounts.get(uid), row) for uid, row in users.items()),
                  key=lambda item: (-len(item[1].flags), -item[1].household_reads, item[1].user_id))
