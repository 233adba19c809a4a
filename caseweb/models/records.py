"""What workers write into a case: assessments, plans, contact notes."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

# 10 need domains × 2 sub-domains (+ 기타), as in the national assessment form.
NEED_DOMAINS = {
    "safety": (_l("Safety"), {"safety_home": _l("Safety at home"), "safety_abuse": _l("Abuse and violence")}),
    "health": (_l("Health"), {"health_physical": _l("Physical health"), "health_mental": _l("Mental and emotional health")}),
    "daily_living": (_l("Daily living"), {"daily_care": _l("Self-care"), "daily_housework": _l("Housework and meals")}),
    "family": (_l("Family relations"), {"family_conflict": _l("Family conflict"), "family_care": _l("Care of family members")}),
    "social": (_l("Social relations"), {"social_isolation": _l("Isolation"), "social_network": _l("Support network")}),
    "economy": (_l("Economy"), {"economy_basic": _l("Basic living"), "economy_assets": _l("Asset and debt management")}),
    "education": (_l("Education"), {"education_school": _l("Schooling"), "education_learning": _l("Learning support")}),
    "employment": (_l("Employment"), {"employment_job": _l("Getting work"), "employment_keep": _l("Keeping work")}),
    "environment": (_l("Living environment"), {"env_housing": _l("Housing"), "env_hygiene": _l("Hygiene and repairs")}),
    "rights": (_l("Legal rights"), {"rights_legal": _l("Legal problems"), "rights_benefits": _l("Access to benefits")}),
    "other": (_l("Other"), {"other_other": _l("Other needs")}),
}
NEED_LEVELS = {0: _l("None"), 1: _l("Low"), 2: _l("Medium"), 3: _l("High")}
CRISIS_LEVELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High"), "urgent": _l("Urgent")}
# Own labels: the catalogues are merged across features, and there "Phone" is a phone number.
NOTE_KINDS = {
    "intake": _l("Intake interview"),
    "visit": _l("Home visit"),
    "phone": _l("Phone call"),
    "office": _l("Office visit"),
    "monitoring": _l("Monitoring check"),
    "follow_up": _l("Follow-up check"),
}
CONTACT_KINDS = ("visit", "phone", "office", "monitoring")  # what a worker picks in a contact note
NEED_KEYS = [key for _label, subs in NEED_DOMAINS.values() for key in subs]


class Assessment(db.Model):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="initial")  # initial | re
    assessed_on: Mapped[date] = mapped_column(Date)
    # {"health_mental": 3, ...}: need level per sub-domain.
    needs: Mapped[dict] = mapped_column(JSON, default=dict)
    strengths: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    crisis_level: Mapped[str] = mapped_column(String(10), default="low")
    suggested_level: Mapped[str | None] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")


class Plan(db.Model):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goals: Mapped[list["Goal"]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    services: Mapped[list["PlannedService"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan")


class Goal(db.Model):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    domain: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    target_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="goals")


class PlannedService(db.Model):
    __tablename__ = "planned_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    domain: Mapped[str | None] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(200))
    provider_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    provider_name: Mapped[str | None] = mapped_column(String(120))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="services")
    provider_org = relationship("Organization")


class Note(db.Model):
    """상담일지/점검: one contact with the household."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    contact_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    next_due: Mapped[date | None] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    author = relationship("User")
    org = relationship("Organization")

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self):
        return NOTE_KINDS.get(self.kind, self.kind)
