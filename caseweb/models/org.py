"""Zones (권역) and organisations (기관)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

ORG_KINDS = {
    "district": _l("District office"),
    "dong_office": _l("Dong office"),
    "public_program": _l("Public programme"),
    "welfare_center": _l("Welfare center"),
    "private_agency": _l("Private agency"),
    "council": _l("Community council"),
}
# How organisation pickers group their options: (group, label, the kinds in it); the last takes the rest.
ORG_GROUPS = (
    ("dong_office", _l("Dong offices"), ("dong_office",)),
    ("public", _l("Public programmes"), ("public_program", "district")),
    ("welfare_center", _l("Welfare centres"), ("welfare_center",)),
    ("other", _l("Other organisations"), ()),
)


def grouped(orgs) -> list[tuple[str, str, list]]:
    """(group key, label, organisations) in ORG_GROUPS order, empty groups left out; names keep their order."""
    buckets = {key: [] for key, _label, _kinds in ORG_GROUPS}
    kind_group = {kind: key for key, _label, kinds in ORG_GROUPS for kind in kinds}
    for org in orgs:
        buckets[kind_group.get(org.kind, "other")].append(org)
    return [(key, label, buckets[key]) for key, label, _kinds in ORG_GROUPS if buckets[key]]


def grouped_choices(orgs) -> dict:
    """WTForms choices with an <optgroup> per group: {label: [(id, name), ...]}."""
    return {str(label): [(o.id, o.name) for o in members] for _key, label, members in grouped(orgs)}


SECTORS = {"public": _l("Public"), "private": _l("Private")}
PROGRAMMES = {
    "integrated": _l("Integrated case management"),
    "dream_start": _l("Dream Start"),
    "elderly_care": _l("Customised elderly care"),
    "visiting_health": _l("Visiting health care"),
    "medical_aid": _l("Medical aid case management"),
    "self_sufficiency": _l("Self-sufficiency"),
    "mental_health": _l("Mental health"),
    "addiction": _l("Addiction"),
    "child_protection": _l("Child protection"),
    "welfare_center": _l("Welfare center case management"),
    "private": _l("Private services"),
}
# Programmes whose very name says too much (정신건강, 중독, 아동보호): the duplicate check
# never names them, nor the organisation that runs them.
SENSITIVE_PROGRAMMES = frozenset({"mental_health", "addiction", "child_protection"})


class Zone(db.Model):
    __tablename__ = "zones"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organizations: Mapped[list["Organization"]] = relationship(back_populates="zone")


class Organization(db.Model):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    sector: Mapped[str] = mapped_column(String(10))
    programme: Mapped[str | None] = mapped_column(String(30))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    dong: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Private agencies may lack a legal basis to collect 주민등록번호.
    rrn_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    zone: Mapped[Zone | None] = relationship(back_populates="organizations")

    @property
    def kind_label(self):
        return ORG_KINDS.get(self.kind, self.kind)

    @property
    def programme_label(self):
        return PROGRAMMES.get(self.programme, self.programme or "")

    def __repr__(self):
        return f"<Organization {self.id} {self.name}>"
