"""대상가구 and its members. The RRN is only ever stored encrypted (see crypto.py)."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

HOUSEHOLD_TYPES = {
    "elderly_alone": _l("Older person living alone"),
    "elderly_couple": _l("Older couple"),
    "single_parent": _l("Single parent"),
    "grandparent": _l("Grandparent-headed"),
    "young_single": _l("Young adult living alone"),
    "middle_single": _l("Middle-aged living alone"),
    "disabled": _l("Household with disability"),
    "multicultural": _l("Multicultural family"),
    "general": _l("General household"),
}
INCOME_STATUSES = {
    "basic_livelihood": _l("Basic livelihood recipient"),
    "near_poverty": _l("Near-poverty group"),
    "dropped": _l("Dropped from basic livelihood"),
    "low_income": _l("Low income (not eligible)"),
    "general": _l("General"),
}

MEMBER_RELATIONS = {
    "spouse": _l("Spouse"),
    "child": _l("Child"),
    "grandchild": _l("Grandchild"),
    "parent": _l("Parent"),
    "grandparent": _l("Grandparent"),
    "sibling": _l("Sibling"),
    "other": _l("Other relative or cohabitant"),
}


class Household(db.Model):
    __tablename__ = "households"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    head_name: Mapped[str] = mapped_column(String(60), index=True)
    # Hangul without spaces, for search and close-name matching.
    head_name_norm: Mapped[str] = mapped_column(String(60), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    rrn_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    rrn_blind_index: Mapped[str | None] = mapped_column(String(64), index=True)
    rrn_masked: Mapped[str | None] = mapped_column(String(14))
    address: Mapped[str | None] = mapped_column(String(200))
    dong: Mapped[str | None] = mapped_column(String(40), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    phone_digits: Mapped[str | None] = mapped_column(String(20), index=True)
    household_type: Mapped[str | None] = mapped_column(String(30))
    income_status: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)
    # Indexed: "registered by my organisation" is half of every visibility check.
    created_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    members: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="HouseholdMember.id")
    cases = relationship("Case", back_populates="household", order_by="Case.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def type_label(self):
        return HOUSEHOLD_TYPES.get(self.household_type, self.household_type or "")

    @property
    def income_label(self):
        return INCOME_STATUSES.get(self.income_status, self.income_status or "")


class HouseholdMember(db.Model):
    __tablename__ = "household_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(30))
    birth_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    household: Mapped[Household] = relationship(back_populates="members")

    @property
    def relation_label(self):
        return MEMBER_RELATIONS.get(self.relation, self.relation)
