"""Precomputed indicator counts: one row per Korean day × organisation × figure (× detail).

`report_days` holds what `reports/daily.py` counts per day; `report_state` says through which
day it was built and with which settings; `report_dirty` lists days whose underlying rows
changed since (the page counts those, and today, live until the next build).
"""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class ReportDay(db.Model):
    __tablename__ = "report_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    org_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no foreign key: the rows are recounted, not maintained
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    detail: Mapped[str] = mapped_column(String(80), primary_key=True, default="")  # reason, domain, days …
    n: Mapped[int] = mapped_column(BigInteger)
    # One organisation's days (its supervisor's page) without reading every organisation's.
    __table_args__ = (Index("ix_report_days_org", "org_id", "day", "figure", "detail", "n"),)


class ReportMonth(db.Model):
    """report_days added up per calendar month, so a long period reads one row a month."""
    __tablename__ = "report_months"
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    org_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    detail: Mapped[str] = mapped_column(String(80), primary_key=True, default="")
    n: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_report_months_org", "org_id", "month", "figure", "detail", "n"),)


class ReportState(db.Model):
    __tablename__ = "report_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    built_through: Mapped[date] = mapped_column(Date)
    settings: Mapped[str] = mapped_column(String(200))  # the deadlines the counts were made with
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportDirty(db.Model):
    """A day to count live until rebuilt; day NULL: everything (e.g. after a purge)."""
    __tablename__ = "report_dirty"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date | None] = mapped_column(Date, index=True)
