"""사례회의: conferences, who is invited and attends, the agenda, minutes, decisions, action items.

A conference is seen by its host and its invited organisations only. Agenda rows carry
a case id; whether an attendee may read that case is decided per request by
authz.visible_case_ids, never stored here.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

CONFERENCE_KINDS = {
    "internal": _l("Case conference (one organisation)"),
    "integrated": _l("Integrated case conference"),
    "solution": _l("Solution committee"),
}
CONFERENCE_STATUSES = {
    "scheduled": _l("Scheduled"),
    "held": _l("Held"),
    "confirmed": _l("Minutes confirmed"),
    "cancelled": _l("Cancelled"),
}
DECISION_KINDS = {
    "selection": _l("Selection"),
    "lead": _l("Lead organisation"),
    "partner": _l("Partner organisation"),
    "solution": _l("Refer to the solution committee"),
    "closure": _l("Closure recommendation"),
}
SELECTION_KINDS = {
    "case_management": _l("Case management"),
    "service_linkage": _l("Service linkage"),
    "not_selected": _l("Not selected"),
}
RECURRENCES = {"monthly": _l("Monthly (same week and weekday)"), "weekly": _l("Weekly")}


class ConferenceSeries(db.Model):
    """A recurring schedule (e.g. a zone's monthly integrated conference); it creates the next dates."""

    __tablename__ = "conference_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    host_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    rule: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conference(db.Model):
    __tablename__ = "conferences"
    __table_args__ = (Index("ix_conferences_host_starts", "host_org_id", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(120))
    host_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    minutes_long: Mapped[int] = mapped_column(Integer, default=120)
    place: Mapped[str | None] = mapped_column(String(200))
    online_url: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="scheduled", index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("conference_series.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    host_org = relationship("Organization")
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    series = relationship(ConferenceSeries)
    invitations: Mapped[list["ConferenceOrg"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ConferenceOrg.id")
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Attendee.id")
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="AgendaItem.position")
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ActionItem.id")
    log: Mapped[list["ConferenceLog"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ConferenceLog.id")

    @property
    def kind_label(self):
        return CONFERENCE_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self):
        return CONFERENCE_STATUSES.get(self.status, self.status)

    @property
    def org_ids(self) -> set[int]:
        """Host and invited organisations: who may open the conference."""
        return {self.host_org_id} | {i.org_id for i in self.invitations}


class ConferenceOrg(db.Model):
    """An invited organisation and whether it attended."""

    __tablename__ = "conference_orgs"
    __table_args__ = (UniqueConstraint("conference_id", "org_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    attended: Mapped[bool | None] = mapped_column(Boolean)

    conference: Mapped[Conference] = relationship(back_populates="invitations")
    org = relationship("Organization")


class Attendee(db.Model):
    """An invited person: an account, or an external expert without one (name, affiliation, role)."""

    __tablename__ = "conference_attendees"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(60))
    affiliation: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(60))
    attended: Mapped[bool | None] = mapped_column(Boolean)

    conference: Mapped[Conference] = relationship(back_populates="attendees")
    user = relationship("User")

    @property
    def display_name(self) -> str:
        return self.user.name if self.user else (self.name or "")

    @property
    def display_affiliation(self) -> str:
        return self.user.org.name if self.user else (self.affiliation or "")


class AgendaItem(db.Model):
    """A case on the agenda; `discussion` is its minutes, guarded by `version` against silent overwrites."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("conference_id", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    presenting_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    question: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    discussion: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    conference: Mapped[Conference] = relationship(back_populates="agenda")
    case = relationship("Case")
    presenting_org = relationship("Organization")
    presenter = relationship("User", foreign_keys=[presenter_id])
    edited_by = relationship("User", foreign_keys=[edited_by_id])
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Decision.id")


class Decision(db.Model):
    """A typed decision on an agenda case; applied to the case once, when the minutes are confirmed."""

    __tablename__ = "conference_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    selection_kind: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    reason: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item: Mapped[AgendaItem] = relationship(back_populates="decisions")
    org = relationship("Organization")

    @property
    def kind_label(self):
        return DECISION_KINDS.get(self.kind, self.kind)


class ActionItem(db.Model):
    """해야 할 일: for an organisation or a person, with a due date; a task on their dashboard."""

    __tablename__ = "conference_actions"
    __table_args__ = (Index("ix_conference_actions_open", "assignee_org_id", "done_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    assignee_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    conference: Mapped[Conference] = relationship(back_populates="action_items")
    item = relationship(AgendaItem)
    assignee_org = relationship("Organization")
    assignee_user = relationship("User", foreign_keys=[assignee_user_id])


class ConferenceLog(db.Model):
    """The conference's own history: scheduled, held, confirmed, reopened (with the reason), cancelled."""

    __tablename__ = "conference_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)

    conference: Mapped[Conference] = relationship(back_populates="log")
    user = relationship("User")
