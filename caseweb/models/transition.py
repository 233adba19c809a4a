"""의뢰·이관·배정 in one audited table."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

# Statuses in which the request still waits for the receiver's answer.
OPEN_STATUSES = ("requested", "received")
TRANSITION_KINDS = {"referral": _l("Referral"), "transfer": _l("Transfer"), "assign": _l("Assignment")}
TRANSITION_STATUSES = {
    "requested": _l("Requested"),
    "received": _l("Received"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
    "rerouted": _l("Rerouted"),
}
CASE_SECTIONS = {
    "overview": _l("Overview"),
    "assessment": _l("Assessment"),
    "plan": _l("Plan"),
    "notes": _l("Contact notes"),
    "history": _l("History"),
}


class Transition(db.Model):
    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(15), default="requested", index=True)
    from_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    to_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    sections: Mapped[list | None] = mapped_column(JSON)
    decline_reason: Mapped[str | None] = mapped_column(String(60))
    declined_by: Mapped[str | None] = mapped_column(String(10))  # provider | household
    response: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    rerouted_to_id: Mapped[int | None] = mapped_column(ForeignKey("transitions.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case")
    from_org = relationship("Organization", foreign_keys=[from_org_id])
    to_org = relationship("Organization", foreign_keys=[to_org_id])
    from_user = relationship("User", foreign_keys=[from_user_id])
    to_user = relationship("User", foreign_keys=[to_user_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def awaiting_answer(self) -> bool:
        """Sent and not yet answered: the receiving organisation has the next move."""
        return self.status in OPEN_STATUSES

    @property
    def status_label(self):
        return TRANSITION_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self):
        return TRANSITION_KINDS.get(self.kind, self.kind)
