"""파기 기록: what the retention purge destroyed, without the personal data it destroyed."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class DestructionRecord(db.Model):
    """One purged case: number, programme, organisation, dates, row counts, who ran the purge.

    Plain integers and copied names, no foreign keys: the record outlives what it names.
    """

    __tablename__ = "destruction_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(20), index=True)
    programme: Mapped[str] = mapped_column(String(30))
    lead_org_id: Mapped[int | None] = mapped_column(Integer)
    lead_org_name: Mapped[str | None] = mapped_column(String(120))
    found_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    retention_years: Mapped[int] = mapped_column(Integer)
    household_destroyed: Mapped[bool] = mapped_column(Boolean, default=False)
    counts: Mapped[str] = mapped_column(Text)  # JSON: rows deleted per table, files removed
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    purged_by: Mapped[str] = mapped_column(String(120))
