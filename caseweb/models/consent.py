"""동의: what the household allowed, to whom, for how long."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

CONSENT_KINDS = {
    "collect_use": _l("Collection and use"),
    "third_party": _l("Provision to third parties"),
    "sensitive": _l("Sensitive information"),
    "unique_id": _l("Unique identifiers"),
}
RECIPIENT_SCOPES = {"orgs": _l("Named organisations"), "network": _l("Whole council network")}

consent_recipients = Table(
    "consent_recipients",
    db.metadata,
    Column("consent_id", ForeignKey("consents.id"), primary_key=True),
    Column("org_id", ForeignKey("organizations.id"), primary_key=True),
)


class Consent(db.Model):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(10), default="orgs")
    purpose: Mapped[str] = mapped_column(Text)
    items: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    guardian_name: Mapped[str | None] = mapped_column(String(60))
    guardian_relation: Mapped[str | None] = mapped_column(String(30))
    # The member the consent is about when it is not the head (a child needs a guardian).
    subject_member_id: Mapped[int | None] = mapped_column(ForeignKey("household_members.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    # The signed form: stored under UPLOAD_FOLDER, never under static/.
    scan_path: Mapped[str | None] = mapped_column(String(200))
    scan_filename: Mapped[str | None] = mapped_column(String(200))
    scan_mime: Mapped[str | None] = mapped_column(String(60))
    scan_size: Mapped[int | None] = mapped_column(Integer)

    household = relationship("Household")
    recipients = relationship("Organization", secondary=consent_recipients)
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    revoked_by = relationship("User", foreign_keys=[revoked_by_id])
    subject_member = relationship("HouseholdMember")

    @property
    def kind_label(self):
        return CONSENT_KINDS.get(self.kind, self.kind)

    def status_on(self, day: date) -> str:
        """active, expired, revoked or pending (valid_from still ahead)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.valid_until is not None and day > self.valid_until:
            return "expired"
        return "pending" if day < self.valid_from else "active"

    def is_active_on(self, day: date) -> bool:
        if self.revoked_at is not None or day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until
