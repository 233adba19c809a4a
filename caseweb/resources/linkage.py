"""자원연계: linking a resource to a case's household, exactly once per unit of stock or slot."""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..authz import case_sections, visible_case_clause
from ..extensions import db
from ..models import Case, Linkage, Plan, Resource
from ..timeutil import seoul_today


class LinkageRefused(Exception):
    """The linkage cannot be made; the message is for the worker (Korean UI)."""


def _take(resource: Resource, n: int) -> None:
    """Lower the remaining stock or slots by `n`, or refuse: one conditional UPDATE.

    `WHERE remaining >= n` is decided by the database row by row, so two workers
    linking the last unit at once cannot both succeed: on PostgreSQL the second
    UPDATE waits for the first and then finds too few; SQLite serialises writers.
    """
    result = db.session.execute(
        update(Resource).where(Resource.id == resource.id, Resource.remaining >= n)
        .values(remaining=Resource.remaining - n).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.expire(resource, ["remaining"])
        raise LinkageRefused(_("Not enough left of “%(name)s”: %(remaining)d remaining, %(n)d requested.",
                               name=resource.name, remaining=max(resource.remaining or 0, 0), n=n))
    db.session.expire(resource, ["remaining"])


def link(case: Case, user, *, domain: str, linked_on, resource: Resource | None = None,
         resource_name: str | None = None, provider_name: str | None = None, sector: str | None = None,
         quantity: int | None = None, amount_krw: int | None = None, note: str | None = None) -> Linkage:
    """Record a linkage; a directory entry with stock or slots gives up `quantity` (default 1)."""
    if resource is not None:
        today = seoul_today()
        if resource.status != "active" or (resource.valid_until and resource.valid_until < today) or (
                resource.valid_from and resource.valid_from > today):
            raise LinkageRefused(_("“%(name)s” cannot be linked now: it is paused, ended or outside its period.",
                                   name=resource.name))
        if resource.capacity_kind != "none" and resource.remaining is not None:
            quantity = quantity or 1
            _take(resource, quantity)
        resource_name, provider_name = resource.name, resource.provider.name
        sector = resource.provider.sector
        if amount_krw is None and resource.amount_krw:
            amount_krw = resource.amount_krw * (quantity or 1)
    linkage = Linkage(case_id=case.id, household_id=case.household_id, resource_id=resource.id if resource else None,
                      resource_name=(resource_name or "").strip(), provider_name=(provider_name or "").strip() or None,
                      sector=sector or None, domain=domain, linked_on=linked_on, quantity=quantity,
                      amount_krw=amount_krw, note=(note or "").strip() or None, org_id=user.org_id, user_id=user.id)
    db.session.add(linkage)
    db.session.flush()
    return linkage


def case_linkages(case: Case) -> list[Linkage]:
    return db.session.scalars(select(Linkage).where(Linkage.case_id == case.id)
                              .options(selectinload(Linkage.org), selectinload(Linkage.user))
                              .order_by(Linkage.linked_on.desc(), Linkage.id.desc())).all()


def planned_vs_linked(case: Case, linkages: list[Linkage]) -> list[dict]:
    """Per need domain: the latest plan's services next to what was actually linked."""
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id).order_by(Plan.id.desc())
                             .options(selectinload(Plan.services)).limit(1))
    planned, linked = defaultdict(list), defaultdict(list)
    for s in plan.services if plan else []:
        planned[s.domain or "other"].append(s.service)
    for lk in linkages:
        linked[lk.domain].append(lk)
    return [{"domain": d, "planned": planned.get(d, []), "linked": linked.get(d, [])}
            for d in sorted(set(planned) | set(linked), key=lambda d: (d not in planned, d))]


def household_linkages(household, org_id: int) -> list[Linkage]:
    """Every linkage of the household in cases the organisation may see, with their plan section."""
    rows = db.session.scalars(
        select(Linkage).join(Case, Case.id == Linkage.case_id)
        .where(Linkage.household_id == household.id, visible_case_clause(org_id))
        .options(selectinload(Linkage.org)).order_by(Linkage.linked_on.desc(), Linkage.id.desc())).all()
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_({r.case_id for r in rows})))}
    allowed = {cid for cid, c in cases.items() if (case_sections(org_id, c) or {"plan"}) >= {"plan"}}
    return [r for r in rows if r.case_id in allowed]
