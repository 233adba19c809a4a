"""발굴: lists of at-risk households to check, their entries, and uploads being checked."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

SCREENING_SOURCES = {
    "utilities": _l("Unpaid utilities"),
    "health_insurance": _l("Health insurance arrears"),
    "livelihood_dropout": _l("Dropped from basic livelihood"),
    "honorary_official": _l("Honorary social welfare official report"),
    "neighbour": _l("Neighbour report"),
    "other": _l("Other source"),
}
OUTCOMES = {
    "case_management": _l("Case management target"),
    "service_linkage": _l("Service linkage"),
    "not_eligible": _l("Not eligible"),
    "unreachable": _l("Unreachable"),
    "refused": _l("Refused"),
}


class ScreeningList(db.Model):
    """One uploaded (or manually kept) list; the raw file itself is never stored."""

    __tablename__ = "screening_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(30))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_on: Mapped[date] = mapped_column(Date)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    org = relationship("Organization")
    uploaded_by = relationship("User")

    @property
    def source_label(self):
        return SCREENING_SOURCES.get(self.source, self.source)


class ScreeningEntry(db.Model):
    """One person on a list: checked by the dong office of their address."""

    __tablename__ = "screening_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("screening_lists.id"), index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(60))
    name_norm: Mapped[str] = mapped_column(String(60))
    rrn_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    rrn_blind_index: Mapped[str | None] = mapped_column(String(64), index=True)
    rrn_masked: Mapped[str | None] = mapped_column(String(14))
    birth_date: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(200))
    dong: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    assigned_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A household that the duplicate check found (same number, or name and birth date …).
    match_household_id: Mapped[int | None] = mapped_column(Integer)
    match_kinds: Mapped[list | None] = mapped_column(JSON)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    list = relationship("ScreeningList")
    assigned_org = relationship("Organization", foreign_keys=[assigned_org_id])
    worker = relationship("User", foreign_keys=[worker_id])
    case = relationship("Case")

    __table_args__ = (
        Index("ix_screening_entries_assigned", "assigned_org_id", "outcome"),
        Index("ix_screening_entries_outcome_on", "outcome_on"),
    )

    @property
    def outcome_label(self):
        return OUTCOMES.get(self.outcome, self.outcome or "")

    @property
    def possible_match(self) -> bool:
        return self.match_household_id is not None


class ScreeningImport(db.Model):
    """An upload between file and list: parsed rows, sealed (they hold RRNs), until saved or cancelled."""

    __tablename__ = "screening_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(30))
    received_on: Mapped[date] = mapped_column(Date)
    headers: Mapped[list] = mapped_column(JSON)
    mapping: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(15), default="mapping")  # mapping|checking|ready|saved
    total: Mapped[int] = mapped_column(Integer, default=0)
    checked: Mapped[int] = mapped_column(Integer, default=0)
    # AES-GCM sealed JSON: the parsed rows, and the checked rows.
    rows_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    result_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    errors: Mapped[list | None] = mapped_column(JSON)
    list_id: Mapped[int | None] = mapped_column(ForeignKey("screening_lists.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
