"""The indicators: each figure declared once, as a filter on its base table and the organisation it counts for.

Counts (`compute`) and drill-down lists (`drill`) read the same declaration, so a figure
and the list behind it cannot disagree. Figures that need a date comparison across two
columns (deadline compliance, follow-ups on time) are decided in Python on the candidate
rows, so SQLite and PostgreSQL give the same answer.
"""
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..cases.deadlines import add_months, followup_months
from ..extensions import db
from ..models import (Case, CaseTeam, Conference, ConferenceOrg, Linkage, Note, Organization, ScreeningEntry,
                      ScreeningList, Transition)
from .periods import Period

ACCEPTED = ("accepted", "in_progress", "completed")
HELD = ("held", "confirmed")
SELECTED = ("case_management", "service_linkage")
ANSWERED = ACCEPTED + ("declined",)


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    section: str
    base: str  # "entry" | "case" | "referral"
    org: Callable[[], Any]  # the column naming the organisation it counts for
    where: Callable[[Period], list]
    keep: Callable[[Any, Period], bool] | None = None  # a Python test on each candidate row


def _plan_days() -> int:
    return int(current_app.config.get("DEADLINE_PLAN_DAYS", 30))


def _active(p: Period) -> list:
    return [Case.kind.in_(("case_management", "service_linkage")), Case.selected_on <= p.end,
            or_(Case.closed_on.is_(None), Case.closed_on > p.end),
            or_(Case.completed_on.is_(None), Case.completed_on > p.end)]


def _plan_due(p: Period) -> list:
    days = timedelta(days=_plan_days())
    return [Case.kind == "case_management", Case.intake_on >= p.start - days, Case.intake_on <= p.end - days]


def _plan_on_time(case, p: Period) -> bool:
    return case.plan_on is not None and case.plan_on <= case.intake_on + timedelta(days=_plan_days())


def _other_sector() -> Any:
    partner, lead = aliased(Organization), aliased(Organization)
    return exists().where(CaseTeam.case_id == Case.id, CaseTeam.role == "partner", CaseTeam.active.is_(True),
                          partner.id == CaseTeam.org_id, lead.id == Case.lead_org_id, partner.sector != lead.sector)


def _referral(p: Period, column) -> list:
    return [Transition.kind == "referral", column >= p.start_utc, column < p.end_utc]


def _linked() -> Any:
    """Linked: the result was service linkage, or a resource was linked to the case opened from the entry."""
    return or_(ScreeningEntry.outcome == "service_linkage",
               exists().where(Linkage.case_id == ScreeningEntry.case_id, Linkage.in_force()))


def _linkages(p: Period) -> list:
    return [Linkage.linked_on.between(p.start, p.end), Linkage.in_force()]  # a cancelled linkage counts nowhere


E, C, T = ScreeningEntry, Case, Transition
FIGURES = [
    Figure("discovered", _l("Discovered (on lists received)"), "discovery", "entry", lambda: E.assigned_org_id,
           lambda p: [E.list_id.in_(select(ScreeningList.id).where(ScreeningList.received_on.between(p.start, p.end)))]),
    Figure("screened", _l("Screened"), "discovery", "entry", lambda: E.assigned_org_id,
           lambda p: [E.outcome_on.between(p.start, p.end)]),
    Figure("screen_selected", _l("Screened: case management target"), "discovery", "entry",
           lambda: E.assigned_org_id, lambda p: [E.outcome_on.between(p.start, p.end), E.outcome == "case_management"]),
    Figure("screen_linked", _l("Screened: service linkage"), "discovery", "entry", lambda: E.assigned_org_id,
           lambda p: [E.outcome_on.between(p.start, p.end), E.outcome == "service_linkage"]),
    Figure("funnel_selected", _l("Selected for support (case management or service linkage)"), "discovery", "entry",
           lambda: E.assigned_org_id, lambda p: [E.outcome_on.between(p.start, p.end), E.outcome.in_(SELECTED)]),
    Figure("funnel_linked", _l("… linked to a service"), "discovery", "entry", lambda: E.assigned_org_id,
           lambda p: [E.outcome_on.between(p.start, p.end), E.outcome.in_(SELECTED), _linked()]),
    Figure("intakes", _l("Intakes"), "cases", "case", lambda: C.lead_org_id,
           lambda p: [C.intake_on.between(p.start, p.end)]),
    Figure("selected_general", _l("Selected: case management, general"), "cases", "case", lambda: C.lead_org_id,
           lambda p: [C.selected_on.between(p.start, p.end), C.kind == "case_management", C.level == "general"]),
    Figure("selected_high", _l("Selected: case management, high difficulty"), "cases", "case",
           lambda: C.lead_org_id, lambda p: [C.selected_on.between(p.start, p.end), C.kind == "case_management",
                                             C.level == "high_difficulty"]),
    Figure("selected_linkage", _l("Selected: service linkage"), "cases", "case", lambda: C.lead_org_id,
           lambda p: [C.selected_on.between(p.start, p.end), C.kind == "service_linkage"]),
    Figure("selected_not", _l("Not selected"), "cases", "case", lambda: C.lead_org_id,
           lambda p: [C.selected_on.between(p.start, p.end), C.kind == "not_selected"]),
    Figure("active", _l("Active cases at the end of the period"), "cases", "case", lambda: C.lead_org_id, _active),
    Figure("closed", _l("Closed"), "cases", "case", lambda: C.lead_org_id,
           lambda p: [C.closed_on.between(p.start, p.end)]),
    Figure("plan_due", _l("Plan deadlines (intake + 30 days) in the period"), "deadlines", "case",
           lambda: C.lead_org_id, _plan_due),
    Figure("plan_on_time", _l("… met"), "deadlines", "case", lambda: C.lead_org_id, _plan_due, _plan_on_time),
    Figure("referrals_sent", _l("Referrals sent"), "collaboration", "referral", lambda: T.from_org_id,
           lambda p: _referral(p, T.requested_at)),
    Figure("referrals_received", _l("Referrals received"), "collaboration", "referral", lambda: T.to_org_id,
           lambda p: _referral(p, T.requested_at)),
    Figure("referrals_answered", _l("Referrals answered"), "collaboration", "referral", lambda: T.to_org_id,
           lambda p: _referral(p, T.answered_at) + [T.status.in_(ANSWERED)]),
    Figure("referrals_accepted", _l("… accepted"), "collaboration", "referral", lambda: T.to_org_id,
           lambda p: _referral(p, T.answered_at) + [T.status.in_(ACCEPTED)]),
    Figure("conferences_held", _l("Conferences held (hosted)"), "collaboration", "conference",
           lambda: Conference.host_org_id, lambda p: [Conference.status.in_(HELD), Conference.starts_at >= p.start_utc,
                                                      Conference.starts_at < p.end_utc]),
    Figure("linkages", _l("Resource linkages"), "resources", "linkage", lambda: Linkage.org_id, _linkages),
    Figure("linkages_public", _l("… from public providers"), "resources", "linkage", lambda: Linkage.org_id,
           lambda p: _linkages(p) + [Linkage.sector == "public"]),
    Figure("linkages_private", _l("… from private providers"), "resources", "linkage", lambda: Linkage.org_id,
           lambda p: _linkages(p) + [Linkage.sector == "private"]),
    Figure("mixed_sector", _l("Active cases with a partner from the other sector"), "collaboration", "case",
           lambda: C.lead_org_id, lambda p: _active(p) + [_other_sector()]),
]
BY_KEY = {f.key: f for f in FIGURES}
# Ratios: (key, numerator, denominator, label)
RATIOS = [
    ("plan_rate", "plan_on_time", "plan_due", _l("Intake → plan within 30 days")),
    ("follow_up_rate", "follow_ups_on_time", "follow_ups_due", _l("Follow-ups done on time")),
    ("acceptance_rate", "referrals_accepted", "referrals_answered", _l("Referral acceptance rate")),
    ("mixed_rate", "mixed_sector", "active", _l("Cases with partners from the other sector")),
]
PENDING: list = []  # figures whose tables are not on main yet ("집계 준비 중"); none left
FOLLOW_UP_LABELS = {"follow_ups_due": _l("Follow-ups due in the period"), "follow_ups_on_time": _l("… done on time")}
BASES = {"entry": ScreeningEntry, "case": Case, "referral": Transition, "conference": Conference, "linkage": Linkage}


def _scoped(stmt, figure: Figure, org_ids):
    return stmt.where(figure.org().in_(org_ids)) if org_ids is not None else stmt


def compute_live(period: Period, org_ids=None) -> dict:
    """{"counts": {org_id: {key: n}}, "closed_by": {org_id: {reason: n}}, "answer_days": {org_id: [days]}}.

    Counted from the base tables; the page reads the same figures from precomputed days
    (reports/summary.py), and a test holds the two equal.
    """
    counts: dict[int, dict[str, int]] = {}

    def add(org_id, key, n=1):
        if org_id is not None:
            counts.setdefault(org_id, {})[key] = counts.setdefault(org_id, {}).get(key, 0) + n

    # One pass per base table and organisation column: every plain figure is a conditional sum
    # over the same scan, so the page reads the cases table once, however many figures it shows.
    passes: dict[tuple, list[Figure]] = {}
    for figure in FIGURES:
        if figure.keep is None:
            passes.setdefault((figure.base, figure.org().key), []).append(figure)
    for (base_name, _column), figures in passes.items():
        org = figures[0].org()
        stmt = select(org, *[func.sum(case((and_(*f.where(period)), 1), else_=0)) for f in figures]).group_by(org)
        for org_id, *sums in db.session.execute(_scoped(stmt, figures[0], org_ids)):
            for figure, n in zip(figures, sums):
                if n:
                    add(org_id, figure.key, int(n))
    for figure in FIGURES:
        if figure.keep is not None:
            stmt = select(BASES[figure.base]).where(*figure.where(period))
            for row in db.session.scalars(_scoped(stmt, figure, org_ids)):
                if figure.keep(row, period):
                    add(getattr(row, figure.org().key), figure.key)
    closed_by: dict[int, dict[str, int]] = {}
    stmt = select(C.lead_org_id, C.closure_reason, func.count(C.id)).where(
        C.closed_on.between(period.start, period.end)).group_by(C.lead_org_id, C.closure_reason)
    for org_id, reason, n in db.session.execute(stmt if org_ids is None else stmt.where(C.lead_org_id.in_(org_ids))):
        closed_by.setdefault(org_id, {})[reason or "-"] = n
    by_domain: dict[int, dict[str, int]] = {}
    krw: dict[int, int] = {}
    stmt = select(Linkage.org_id, Linkage.domain, func.count(Linkage.id), func.coalesce(func.sum(Linkage.amount_krw), 0)
                  ).where(*_linkages(period)).group_by(Linkage.org_id, Linkage.domain)
    for org_id, domain, n, amount in db.session.execute(
            stmt if org_ids is None else stmt.where(Linkage.org_id.in_(org_ids))):
        by_domain.setdefault(org_id, {})[domain] = n
        krw[org_id] = krw.get(org_id, 0) + int(amount)
    answer_days: dict[int, list[float]] = {}
    stmt = select(T.to_org_id, T.requested_at, T.answered_at).where(*BY_KEY["referrals_answered"].where(period))
    for org_id, asked, answered in db.session.execute(stmt if org_ids is None else stmt.where(T.to_org_id.in_(org_ids))):
        answer_days.setdefault(org_id, []).append(round((answered - asked).total_seconds() / 86400, 1))
    for org_id, _conference_id, n in conference_orgs(period, org_ids):
        add(org_id, "conference_orgs", n)
    for org_id, _case_id, _due, on_time in follow_ups(period, org_ids):
        add(org_id, "follow_ups_due")
        if on_time:
            add(org_id, "follow_ups_on_time")
    answer_days = {org_id: sorted(days) for org_id, days in answer_days.items()}
    return {"counts": counts, "closed_by": closed_by, "answer_days": answer_days, "by_domain": by_domain, "krw": krw}


def follow_ups(period: Period, org_ids=None) -> list[tuple[int, int, Any, bool]]:
    """(org, case, due date, done on time) for every follow-up check due in the period."""
    months = followup_months()
    if not months:
        return []
    # Closures that can fall due in the period: one window a follow-up month (4 days wider for
    # month ends, where 31 January + 1 month is 28 February), not every closure since the earliest.
    margin = timedelta(days=4)
    if period.start.year > 1 and period.end.year < 9999:
        closed = or_(*[C.closed_on.between(add_months(period.start, -m) - margin, add_months(period.end, -m) + margin)
                       for m in months])
    else:
        closed = C.closed_on.is_not(None)
    stmt = select(C.id, C.lead_org_id, C.closed_on).where(closed)
    if org_ids is not None:
        stmt = stmt.where(C.lead_org_id.in_(org_ids))
    cases = db.session.execute(stmt).all()
    if not cases:
        return []
    notes: dict[int, list] = {}
    note_stmt = select(Note.case_id, Note.contact_on).join(C, C.id == Note.case_id).where(
        Note.kind == "follow_up", closed)
    for case_id, on in db.session.execute(note_stmt):
        notes.setdefault(case_id, []).append(on)
    result = []
    for case_id, org_id, closed_on in cases:
        done = sorted(d for d in notes.get(case_id, []) if d >= closed_on)
        for index, month in enumerate(months):
            due = add_months(closed_on, month)
            if period.start <= due <= period.end:
                result.append((org_id, case_id, due, len([d for d in done if d <= due]) > index))
    return result


def conference_orgs(period: Period, org_ids=None) -> list[tuple[int, int, int]]:
    """(host, conference, organisations taking part: the host and every invited one that did not stay away)."""
    figure = BY_KEY["conferences_held"]
    stmt = select(Conference.host_org_id, Conference.id).where(*figure.where(period))
    if org_ids is not None:
        stmt = stmt.where(Conference.host_org_id.in_(org_ids))
    held = db.session.execute(stmt).all()
    if not held:
        return []
    invited: dict[int, set] = {}
    rows = db.session.execute(select(ConferenceOrg.conference_id, ConferenceOrg.org_id).where(
        ConferenceOrg.conference_id.in_([cid for _h, cid in held]),
        or_(ConferenceOrg.attended.is_(None), ConferenceOrg.attended.is_(True))))
    for conference_id, org_id in rows:
        invited.setdefault(conference_id, set()).add(org_id)
    return [(host, cid, len(invited.get(cid, set()) | {host})) for host, cid in held]
