"""자원연계: linking a resource to a case's household, exactly once per unit of stock or slot;
correcting a linkage and cancelling (returning) one, which gives its units back exactly.

Every change writes a case history event. Units move only by conditional UPDATEs that
the database decides row by row, so concurrent linkers, correctors and cancellers can
neither overdraw an entry nor give the same units back twice.
"""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..authz import case_sections, visible_case_clause
from ..cases.changes import jsonable
from ..extensions import db
from ..models import Case, CaseEvent, Linkage, Plan, Resource
from ..timeutil import seoul_today, utcnow

# What a correction may change, in the order the history shows it.
CORRECTABLE = ("linked_on", "quantity", "amount_krw", "note")


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


def _give_back(resource_id: int, n: int) -> None:
    """Return `n` units to the entry's stock or slots (an entry that stopped tracking them stays so)."""
    db.session.execute(update(Resource).where(Resource.id == resource_id, Resource.remaining.is_not(None))
                       .values(remaining=Resource.remaining + n).execution_options(synchronize_session=False))
    resource = db.session.identity_map.get(db.session.identity_key(Resource, resource_id))
    if resource is not None:
        db.session.expire(resource, ["remaining"])


def _event(linkage: Linkage, user, action: str, detail: dict) -> None:
    db.session.add(CaseEvent(case_id=linkage.case_id, user_id=user.id, org_id=user.org_id, action=action,
                             detail={"linkage_id": linkage.id, "resource": linkage.resource_name, **detail}))


def link(case: Case, user, *, domain: str, linked_on, resource: Resource | None = None,
         resource_name: str | None = None, provider_name: str | None = None, sector: str | None = None,
         quantity: int | None = None, amount_krw: int | None = None, note: str | None = None) -> Linkage:
    """Record a linkage; a directory entry with stock or slots gives up `quantity` (default 1)."""
    taken = 0
    if resource is not None:
        today = seoul_today()
        if resource.status != "active" or (resource.valid_until and resource.valid_until < today) or (
                resource.valid_from and resource.valid_from > today):
            raise LinkageRefused(_("“%(name)s” cannot be linked now: it is paused, ended or outside its period.",
                                   name=resource.name))
        if resource.capacity_kind != "none" and resource.remaining is not None:
            quantity = quantity or 1
            _take(resource, quantity)
            taken = quantity
        resource_name, provider_name = resource.name, resource.provider.name
        sector = resource.provider.sector
        if amount_krw is None and resource.amount_krw:
            amount_krw = resource.amount_krw * (quantity or 1)
    linkage = Linkage(case_id=case.id, household_id=case.household_id, resource_id=resource.id if resource else None,
                      resource_name=(resource_name or "").strip(), provider_name=(provider_name or "").strip() or None,
                      sector=sector or None, domain=domain, linked_on=linked_on, quantity=quantity,
                      amount_krw=amount_krw, note=(note or "").strip() or None, org_id=user.org_id, user_id=user.id,
                      taken=taken)
    db.session.add(linkage)
    db.session.flush()
    _event(linkage, user, "linkage_added", {"linked_on": [None, jsonable(linked_on)],
                                            "quantity": [None, quantity], "amount_krw": [None, amount_krw]})
    return linkage


def _claim(linkage: Linkage, **values) -> None:
    """Change the linkage only if it is still in force and holds what this request read; else refuse.

    The request that read the linkage decided from `taken`: if another request cancelled or
    corrected it meanwhile, the WHERE finds no row and nothing is given back twice.
    """
    result = db.session.execute(
        update(Linkage).where(Linkage.id == linkage.id, Linkage.in_force(), Linkage.taken == linkage.taken)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise LinkageRefused(_("This linkage was changed or cancelled meanwhile. Reload and try again."))
    db.session.expire(linkage)


def correct(linkage: Linkage, user, *, linked_on, quantity: int | None, amount_krw: int | None,
            note: str | None) -> dict:
    """Correct date, quantity or amount and note; units held follow the new quantity. Returns the changes."""
    if linkage.cancelled_at is not None:
        raise LinkageRefused(_("A cancelled linkage cannot be corrected."))
    new = {"linked_on": linked_on, "quantity": quantity, "amount_krw": amount_krw, "note": (note or "").strip() or None}
    changes = {f: [jsonable(getattr(linkage, f)), jsonable(v)] for f, v in new.items() if getattr(linkage, f) != v}
    if not changes:
        return {}
    taken, resource = linkage.taken, linkage.resource
    if taken:  # the linkage holds units: it holds the new quantity instead (at least one)
        new["quantity"] = new["taken"] = wanted = quantity or 1
        changes.pop("quantity", None)
        if wanted != linkage.quantity:
            changes["quantity"] = [linkage.quantity, wanted]
    # The linkage row first, then the entry's: every writer locks in that order (no deadlock on
    # PostgreSQL); a refusal below rolls the claim back with the rest of the request.
    _claim(linkage, **new)
    if taken and new["taken"] > taken:
        _take(resource, new["taken"] - taken)
    elif taken and new["taken"] < taken:
        _give_back(resource.id, taken - new["taken"])
    _event(linkage, user, "linkage_corrected", changes)
    return changes


def cancel(linkage: Linkage, user, reason: str | None) -> None:
    """취소·반환: the linkage stops counting and its units go back to the entry."""
    if linkage.cancelled_at is not None:
        raise LinkageRefused(_("This linkage was already cancelled."))
    taken, resource_id = linkage.taken, linkage.resource_id
    _claim(linkage, cancelled_at=utcnow(), cancelled_by_id=user.id, cancel_reason=(reason or "").strip() or None,
           taken=0)
    if taken and resource_id:
        _give_back(resource_id, taken)
    _event(linkage, user, "linkage_cancelled", {"returned": [None, taken or None],
                                                "reason": [None, (reason or "").strip() or None]})


def case_linkages(case: Case) -> list[Linkage]:
    """Every linkage of the case, cancelled ones too (the list shows them struck out)."""
    return db.session.scalars(select(Linkage).where(Linkage.case_id == case.id)
                              .options(selectinload(Linkage.org), selectinload(Linkage.user),
                                       selectinload(Linkage.cancelled_by))
                              .order_by(Linkage.linked_on.desc(), Linkage.id.desc())).all()


def planned_vs_linked(case: Case, linkages: list[Linkage]) -> list[dict]:
    """Per need domain: the latest plan's services next to what was actually linked."""
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id).order_by(Plan.id.desc())
                             .options(selectinload(Plan.services)).limit(1))
    planned, linked = defaultdict(list), defaultdict(list)
    for s in plan.services if plan else []:
        planned[s.domain or "other"].append(s.service)
    for lk in linkages:
        if lk.cancelled_at is None:
            linked[lk.domain].append(lk)
    return [{"domain": d, "planned": planned.get(d, []), "linked": linked.get(d, [])}
            for d in sorted(set(planned) | set(linked), key=lambda d: (d not in planned, d))]


def household_linkages(household, org_id: int) -> list[Linkage]:
    """Every linkage of the household in cases the organisation may see, with their plan section."""
    rows = db.session.scalars(
        select(Linkage).join(Case, Case.id == Linkage.case_id)
        .where(Linkage.household_id == household.id, visible_case_clause(org_id))
        .options(selectinload(Linkage.org), selectinload(Linkage.cancelled_by))
        .order_by(Linkage.linked_on.desc(), Linkage.id.desc())).all()
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_({r.case_id for r in rows})))}
    allowed = {cid for cid, c in cases.items() if (case_sections(org_id, c) or {"plan"}) >= {"plan"}}
    return [r for r in rows if r.case_id in allowed]
