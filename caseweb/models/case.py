"""사례: one programme's work with one household, its team and its history."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

CASE_STATUSES = {
    "screening": _l("Found / referred"),
    "intake": _l("Intake done"),
    "assessed": _l("Assessed"),
    "planning": _l("Selected, planning"),
    "service": _l("Service & monitoring"),
    "linkage": _l("Service linkage"),
    "closed": _l("Closed"),
    "follow_up": _l("Follow-up"),
    "completed": _l("Completed"),
}
CASE_KINDS = {
    "case_management": _l("Case management"),
    "service_linkage": _l("Service linkage"),
    "not_selected": _l("Not selected"),
}
CASE_LEVELS = {"general": _l("General"), "high_difficulty": _l("High difficulty")}
TEAM_ROLES = {"lead": _l("Lead"), "partner": _l("Partner")}
# Sort key for cases with no open deadline: last in "due soonest" order on every backend.
NO_DUE = date(9999, 12, 31)


class Case(db.Model):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    programme: Mapped[str] = mapped_column(String(30), index=True)
    lead_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="screening", index=True)
    source: Mapped[str | None] = mapped_column(String(60))
    found_on: Mapped[date] = mapped_column(Date)
    intake_on: Mapped[date | None] = mapped_column(Date, index=True)  # indicator days are counted by date
    assessed_on: Mapped[date | None] = mapped_column(Date)
    conference_on: Mapped[date | None] = mapped_column(Date)
    selected_on: Mapped[date | None] = mapped_column(Date, index=True)
    plan_on: Mapped[date | None] = mapped_column(Date)
    last_contact_on: Mapped[date | None] = mapped_column(Date)
    next_contact_due: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[str | None] = mapped_column(String(60))
    completed_on: Mapped[date | None] = mapped_column(Date, index=True)
    # A worker's closure waits for a supervisor: the case keeps its status until approved.
    closure_requested_on: Mapped[date | None] = mapped_column(Date)
    closure_requested_reason: Mapped[str | None] = mapped_column(String(60))
    closure_requested_comment: Mapped[str | None] = mapped_column(Text)
    closure_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closure_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Earliest open deadline, kept by services.recompute_due so lists can filter fast.
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    # due_on, or NO_DUE: lets an index walk return "due soonest" pages without sorting.
    due_sort: Mapped[date] = mapped_column(Date, default=NO_DUE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    household = relationship("Household", back_populates="cases")
    lead_org = relationship("Organization", foreign_keys=[lead_org_id])
    manager = relationship("User", foreign_keys=[manager_id])
    closure_requested_by = relationship("User", foreign_keys=[closure_requested_by_id])
    team: Mapped[list["CaseTeam"]] = relationship(back_populates="case", cascade="all, delete-orphan")
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id.desc()", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_lead_due", "lead_org_id", "due_sort", "id"),
        Index("ix_cases_manager_due", "manager_id", "due_sort", "id"),
    )

    @validates("due_on")
    def _keep_due_sort(self, key, value):
        self.due_sort = value or NO_DUE
        return value

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None

    @property
    def status_label(self):
        return CASE_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self):
        return CASE_KINDS.get(self.kind, self.kind or "")

    @property
    def level_label(self):
        return CASE_LEVELS.get(self.level, self.level or "")


class CaseTeam(db.Model):
    """Organisations working on a case. Partners see it only under active consent."""

    __tablename__ = "case_team"
    # (org_id, role): "cases where we are a partner" without walking our lead rows.
    __table_args__ = (UniqueConstraint("case_id", "org_id"), Index("ix_case_team_org_role", "org_id", "role"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    via: Mapped[str] = mapped_column(String(20), default="intake")
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Case sections a partner may see (None: all), chosen by the referring org.
    sections: Mapped[list | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="team")
    org = relationship("Organization")


class CaseEvent(db.Model):
    """Case history: who changed what, when."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="events")
    user = relationship("User")


class ListOption(db.Model):
    """Managed lists (closure reasons, decline reasons), editable by admins."""

    __tablename__ = "list_options"
    __table_args__ = (UniqueConstraint("list_name", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(String(30), index=True)
    label: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
