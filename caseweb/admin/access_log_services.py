"""Reading the access log (접속기록). The table is append-only; nothing here writes but the view's own row."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AccessLog, Organization, User
from ..timeutil import SEOUL


def kst_day_start(day: date) -> datetime:
    """The UTC instant at which the Korean calendar day `day` begins."""
    return datetime.combine(day, time.min, tzinfo=SEOUL).astimezone(timezone.utc)


def log_query(*, username: str = "", action: str = "", household_id: int | None = None,
              day_from: date | None = None, day_to: date | None = None):
    """Access-log rows matching the filters, newest first; days are KST days, inclusive."""
    stmt = select(AccessLog).options(selectinload(AccessLog.user))
    if username:
        stmt = stmt.join(User, User.id == AccessLog.user_id).where(User.username == username.strip())
    if action:
        stmt = stmt.where(AccessLog.action == action)
    if household_id is not None:
        stmt = stmt.where(AccessLog.household_id == household_id)
    if day_from:
        stmt = stmt.where(AccessLog.at >= kst_day_start(day_from))
    if day_to:
        stmt = stmt.where(AccessLog.at < kst_day_start(day_to + timedelta(days=1)))
    return stmt.order_by(AccessLog.at.desc(), AccessLog.id.desc())


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AccessLog.action).distinct().order_by(AccessLog.action)))


def org_names(rows) -> dict[int, str]:
    """Organisation names for a page of rows (the log keeps plain ids)."""
    ids = {row.org_id for row in rows if row.org_id}
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(ids))).all())
