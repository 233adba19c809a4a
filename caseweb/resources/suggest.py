"""Suggested resources for a case: what fits its needs, its people, its place, and is there now.

Each suggestion carries the reasons it matched ("주거 욕구 · 65세 이상 · 한빛1동 · 잔여 3"), so a
worker can judge it at a glance. Ended, paused, expired and out-of-stock entries never appear.
"""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Assessment, Case, Linkage, Organization, Plan, Resource, resource_zones
from ..models.records import NEED_DOMAINS
from ..models.resource import TARGET_GROUPS
from ..timeutil import seoul_today
from .directory import available_clause, is_stale

SUB_TO_DOMAIN = {sub: d for d, (_label, subs) in NEED_DOMAINS.items() for sub in subs}
LOW_INCOME = {"basic_livelihood", "near_poverty", "dropped", "low_income"}
ALONE = {"elderly_alone", "young_single", "middle_single"}


@dataclass
class Profile:
    needs: dict = field(default_factory=dict)      # domain -> level (1–3)
    sub_needs: dict = field(default_factory=dict)  # sub-domain -> level
    ages: list = field(default_factory=list)
    groups: set = field(default_factory=set)
    dong: str | None = None
    zone_id: int | None = None


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def profile(case: Case, today: date) -> Profile:
    """What the case says about need, age, group and place."""
    p = Profile()
    assessment = db.session.scalar(select(Assessment).where(Assessment.case_id == case.id)
                                   .order_by(Assessment.id.desc()).limit(1))
    for sub, level in ((assessment.needs or {}) if assessment else {}).items():
        if sub in SUB_TO_DOMAIN and int(level or 0) >= 2:
            p.sub_needs[sub] = int(level)
            domain = SUB_TO_DOMAIN[sub]
            p.needs[domain] = max(p.needs.get(domain, 0), int(level))
    if not p.needs:  # no assessment yet: the plan's goals say what is needed
        plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id).order_by(Plan.id.desc()).limit(1))
        for goal in plan.goals if plan else []:
            p.needs[goal.domain] = 2
    hh = case.household
    p.ages = [a for a in [age_on(hh.birth_date, today)] + [age_on(m.birth_date, today) for m in hh.members]
              if a is not None]
    if any(a >= 65 for a in p.ages):
        p.groups.add("elderly")
    if any(a < 18 for a in p.ages):
        p.groups.add("child")
    if any(19 <= a <= 39 for a in p.ages):
        p.groups.add("youth")
    p.groups |= {t for t in (hh.household_type,) if t in ("single_parent", "disabled", "multicultural")}
    if hh.household_type in ALONE:
        p.groups.add("living_alone")
    if hh.income_status in LOW_INCOME:
        p.groups.add("low_income")
    p.dong = hh.dong
    if hh.dong:
        p.zone_id = db.session.scalar(select(Organization.zone_id).where(
            Organization.kind == "dong_office", Organization.dong == hh.dong).limit(1))
    return p


@dataclass
class Suggestion:
    resource: Resource
    score: int
    reasons: list


def _age_reason(r: Resource) -> str | None:
    if r.min_age is not None and r.max_age is not None:
        return _("Ages %(a)d–%(b)d", a=r.min_age, b=r.max_age)
    if r.min_age is not None:
        return _("%(n)d or older", n=r.min_age)
    if r.max_age is not None:
        return _("%(n)d or younger", n=r.max_age)
    return None


def _judge(r: Resource, p: Profile, linked: set, today: date) -> Suggestion | None:
    """Score one candidate, or None when it does not fit the household."""
    if r.min_age is not None or r.max_age is not None:
        if not any((r.min_age is None or a >= r.min_age) and (r.max_age is None or a <= r.max_age) for a in p.ages):
            return None
    groups = set(r.target_groups or []) - {"all"}
    if groups and not groups & p.groups:
        return None
    if r.dong_list and p.dong not in r.dong_list:
        return None
    level = p.needs.get(r.domain, 0)
    score, reasons = level * 10, []
    if r.subdomain and p.sub_needs.get(r.subdomain, 0) >= 2:
        score += 5
        reasons.append(_("%(need)s need", need=NEED_DOMAINS[r.domain][1][r.subdomain]))
    else:
        reasons.append(_("%(need)s need", need=NEED_DOMAINS.get(r.domain, (r.domain,))[0]))
    age = _age_reason(r)
    if age:
        score += 3
        reasons.append(age)
    for g in sorted(groups & p.groups):
        score += 4
        reasons.append(str(TARGET_GROUPS[g]))
    if r.dong_list:
        score += 4
        reasons.append(p.dong)
    elif r.zones:
        score += 2
        reasons.append(", ".join(z.name for z in r.zones))
    if r.tracks_capacity:
        score += 1
        reasons.append(_("Remaining %(n)d", n=r.remaining))
    if is_stale(r, today):
        score -= 3
        reasons.append(_("not re-checked recently"))
    if r.id in linked:
        score -= 8
        reasons.append(_("already linked to this case"))
    return Suggestion(r, score, reasons)


def suggest(case: Case, limit: int = 8, today: date | None = None) -> list[Suggestion]:
    """Ranked suggestions, best first (ties: name, then id, so the order is stable)."""
    today = today or seoul_today()
    p = profile(case, today)
    if not p.needs:
        return []
    in_zone = or_(~exists().where(resource_zones.c.resource_id == Resource.id),
                  exists().where(resource_zones.c.resource_id == Resource.id, resource_zones.c.zone_id == p.zone_id))
    candidates = db.session.scalars(
        select(Resource).where(Resource.domain.in_(p.needs), available_clause(today), in_zone)
        .options(selectinload(Resource.zones), selectinload(Resource.provider))).all()
    linked = set(db.session.scalars(select(Linkage.resource_id).where(Linkage.case_id == case.id, Linkage.in_force())))
    judged = [s for s in (_judge(r, p, linked, today) for r in candidates) if s]
    judged.sort(key=lambda s: (-s.score, s.resource.name, s.resource.id))
    return judged[:limit]
