"""The list behind a figure, for the viewer's own organisation only (never another's households)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authz import visible_case_clause, visible_case_ids, visible_entry_clause
from ..extensions import db
from ..models import Case, Conference, Linkage, ScreeningEntry, Transition
from .figures import BY_KEY, follow_ups
from .periods import Period

LIMIT = 1000


def drill(key: str, period: Period, org_id: int) -> dict | None:
    """{"base": ..., "rows": [...], "more": bool} for figure `key` of `org_id`; None for an unknown key."""
    if key in ("follow_ups_due", "follow_ups_on_time"):
        wanted = [case_id for _org, case_id, _due, on_time in follow_ups(period, [org_id])
                  if key == "follow_ups_due" or on_time]
        cases = db.session.scalars(select(Case).where(Case.id.in_(wanted), visible_case_clause(org_id))
                                   .options(selectinload(Case.household)).order_by(Case.id)).all()
        return {"base": "case", "rows": cases[:LIMIT], "more": len(cases) > LIMIT}
    figure = BY_KEY.get(key)
    if figure is None:
        return None
    stmt = select({"entry": ScreeningEntry, "case": Case, "referral": Transition, "conference": Conference,
                   "linkage": Linkage}[figure.base]).where(
        figure.org() == org_id, *figure.where(period))
    if figure.base == "case":
        stmt = stmt.where(visible_case_clause(org_id)).options(selectinload(Case.household)).order_by(Case.id)
    elif figure.base == "entry":
        stmt = stmt.where(visible_entry_clause(org_id)).options(selectinload(ScreeningEntry.list)).order_by(
            ScreeningEntry.id)
    elif figure.base == "linkage":
        stmt = stmt.where(Linkage.case_id.in_(select(Case.id).where(visible_case_clause(org_id)))).order_by(
            Linkage.linked_on, Linkage.id)
    elif figure.base == "conference":
        stmt = stmt.order_by(Conference.starts_at)
    else:
        stmt = stmt.options(selectinload(Transition.case), selectinload(Transition.from_org),
                            selectinload(Transition.to_org)).order_by(Transition.id)
    rows = [row for row in db.session.scalars(stmt.limit(LIMIT * 4)) if not figure.keep or figure.keep(row, period)]
    result = {"base": figure.base, "rows": rows[:LIMIT], "more": len(rows) > LIMIT}
    if figure.base == "linkage":
        result["case_numbers"] = dict(db.session.execute(select(Case.id, Case.number).where(
            Case.id.in_({k.case_id for k in rows[:LIMIT]}))).all())
    if figure.base == "referral":
        result["visible"] = visible_case_ids(org_id, [t.case_id for t in rows[:LIMIT]])
    return result
