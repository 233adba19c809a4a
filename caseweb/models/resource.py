"""자원: the resource directory (after Open Referral HSDS 3.0), linkages, news.

HSDS names: a `ResourceProvider` is an HSDS organization (a member agency, or an
outside donor or foundation without accounts); a `Resource` is an HSDS service.
Need domain, zones, stock and the owning organisation are Korean extensions.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

RESOURCE_STATUSES = {"active": _l("In operation"), "paused": _l("Paused"), "ended": _l("Ended")}
# open slots of a service, or donated in-kind stock; none: no limit is tracked
CAPACITY_KINDS = {"none": _l("No limit tracked"), "slots": _l("Open slots"), "stock": _l("In-kind stock")}
TARGET_GROUPS = {
    "elderly": _l("Older people"), "child": _l("Children"), "youth": _l("Young people"),
    "single_parent": _l("Single parents"), "disabled": _l("People with disabilities"),
    "low_income": _l("Low income"), "living_alone": _l("People living alone"),
    "multicultural": _l("Multicultural families"), "all": _l("Everyone"),
}

resource_zones = Table(
    "resource_zones", db.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ResourceProvider(db.Model):
    """HSDS organization: who provides; `org_id` when it is a member agency."""

    __tablename__ = "resource_providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), unique=True)
    sector: Mapped[str] = mapped_column(String(10), default="private")
    description: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    org = relationship("Organization")


class Resource(db.Model):
    """HSDS service: one thing a household can be linked to."""

    __tablename__ = "resources"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("resource_providers.id"), index=True)
    # The member organisation that keeps this entry up to date (edits it).
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    name_norm: Mapped[str] = mapped_column(String(160), default="")
    # name, provider, description, eligibility, normalised: what the bigram index covers
    search_norm: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(String(20), index=True)
    subdomain: Mapped[str | None] = mapped_column(String(30))
    target_groups: Mapped[list] = mapped_column(JSON, default=list)
    eligibility: Mapped[str | None] = mapped_column(Text)
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[str | None] = mapped_column(String(200))
    amount_krw: Mapped[int | None] = mapped_column(Integer)
    how_to_apply: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    schedule: Mapped[str | None] = mapped_column(String(200))
    # dongs within the zones, comma-separated; empty: the whole zone (or district)
    dongs: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    capacity_kind: Mapped[str] = mapped_column(String(10), default="none")
    quantity: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(20))
    # Only ever lowered by a conditional UPDATE (see resources.linkage).
    remaining: Mapped[int | None] = mapped_column(Integer)
    assured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    assured_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    provider: Mapped[ResourceProvider] = relationship()
    owner_org = relationship("Organization")
    assured_by = relationship("User")
    zones = relationship("Zone", secondary=resource_zones, order_by="Zone.name")

    @property
    def status_label(self):
        return RESOURCE_STATUSES.get(self.status, self.status)

    @property
    def dong_list(self) -> list[str]:
        return [d.strip() for d in (self.dongs or "").split(",") if d.strip()]

    @property
    def tracks_capacity(self) -> bool:
        return self.capacity_kind in ("slots", "stock") and self.remaining is not None

    @property
    def out_of_stock(self) -> bool:
        return self.tracks_capacity and self.remaining <= 0


class ResourceEdit(db.Model):
    """Who changed a directory entry, when, and what (field: [old, new])."""

    __tablename__ = "resource_edits"
    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    action: Mapped[str] = mapped_column(String(20))  # created | edited | assured | imported
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    org = relationship("Organization")


class Linkage(db.Model):
    """자원연계: a resource given to a case's household (from the directory or outside it)."""

    __tablename__ = "linkages"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"), index=True)
    # For outside-directory linkages, and a snapshot of the directory entry's names.
    resource_name: Mapped[str] = mapped_column(String(160))
    provider_name: Mapped[str | None] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(10))
    domain: Mapped[str] = mapped_column(String(20))
    linked_on: Mapped[date] = mapped_column(Date, index=True)
    quantity: Mapped[int | None] = mapped_column(Integer)
    amount_krw: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Units this linkage holds of the entry's stock or slots: what a correction adjusts and a
    # cancellation gives back, exactly (0 once given back; 0 for untracked entries).
    taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # 취소·반환: the linkage stays on record, struck out, and counts nowhere.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    resource = relationship("Resource")
    org = relationship("Organization")
    user = relationship("User", foreign_keys=[user_id])
    cancelled_by = relationship("User", foreign_keys=[cancelled_by_id])

    @classmethod
    def in_force(cls):
        """SQL: not cancelled. Lists, plans and figures count only these."""
        return cls.cancelled_at.is_(None)


class ResourceNews(db.Model):
    """자원 소식: a short post about a new resource, a donation or a change."""

    __tablename__ = "resource_news"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text)
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id", ondelete="SET NULL"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    org = relationship("Organization")
    user = relationship("User")
    resource = relationship("Resource")
    zone = relationship("Zone")
