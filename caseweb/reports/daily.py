"""Indicator counts per Korean day: what report_days stores, and what the page counts live for the
days it has not stored (today, days changed since the last build).

Every figure is keyed by the day its period test reads (intake day, answer day, plan due day …),
so the counts of the days of a period add up to the figure of the period as `figures.compute_live`
counts it. Active cases are a state, not an event: they are stored as +1 on the selection day and
−1 on the day the case stops being active, and the page adds these up to the period's end.
Median days to answer cannot be added up, so the answer times are stored as a histogram.
"""
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select

from ..extensions import db
from ..models import Case, Conference, Linkage, ScreeningEntry, ScreeningList, Transition
from ..timeutil import to_seoul
from .figures import (ACCEPTED, BY_KEY, SELECTED, _linked, _other_sector, _plan_days, _plan_on_time,
                      _referral, conference_orgs, follow_ups)
from .figures import _linkages as linkages_in
from .periods import Period

E, C, T = ScreeningEntry, Case, Transition
STATE_FIGURES = ("active_delta", "mixed_delta")  # added up from the beginning, not over the period
ACTIVE_KINDS = ("case_management", "service_linkage")


def daily(first: date, last: date) -> Counter:
    """{(day, org_id, figure, detail): n} for every day from `first` to `last`."""
    out: Counter = Counter()
    period = Period(first, last)
    for count in (_entries, _discovered, _cases, _plans, _active, _referrals, _conferences, _linkages, _follow_ups):
        count(out, period)
    return out


def _entries(out, p):
    linked = case((_linked(), 1), else_=0)
    stmt = select(E.outcome_on, E.assigned_org_id, E.outcome, linked, func.count()).where(
        E.outcome_on.between(p.start, p.end), E.assigned_org_id.is_not(None)).group_by(
        E.outcome_on, E.assigned_org_id, E.outcome, linked)
    for day, org, outcome, is_linked, n in db.session.execute(stmt):
        out[day, org, "screened", ""] += n
        if outcome == "case_management":
            out[day, org, "screen_selected", ""] += n
        if outcome == "service_linkage":
            out[day, org, "screen_linked", ""] += n
        if outcome in SELECTED:
            out[day, org, "funnel_selected", ""] += n
            if is_linked:
                out[day, org, "funnel_linked", ""] += n


def _discovered(out, p):
    stmt = select(ScreeningList.received_on, E.assigned_org_id, func.count()).join(
        ScreeningList, ScreeningList.id == E.list_id).where(
        ScreeningList.received_on.between(p.start, p.end), E.assigned_org_id.is_not(None)).group_by(
        ScreeningList.received_on, E.assigned_org_id)
    for day, org, n in db.session.execute(stmt):
        out[day, org, "discovered", ""] += n


def _cases(out, p):
    for day, org, n in db.session.execute(select(C.intake_on, C.lead_org_id, func.count()).where(
            C.intake_on.between(p.start, p.end)).group_by(C.intake_on, C.lead_org_id)):
        out[day, org, "intakes", ""] += n
    kinds = {("case_management", "general"): "selected_general", ("case_management", "high_difficulty"): "selected_high"}
    for day, org, kind, level, n in db.session.execute(select(C.selected_on, C.lead_org_id, C.kind, C.level,
                                                              func.count()).where(
            C.selected_on.between(p.start, p.end)).group_by(C.selected_on, C.lead_org_id, C.kind, C.level)):
        figure = {"service_linkage": "selected_linkage", "not_selected": "selected_not"}.get(kind) or \
            kinds.get((kind, level))
        if figure:
            out[day, org, figure, ""] += n
    for day, org, reason, n in db.session.execute(select(C.closed_on, C.lead_org_id, C.closure_reason,
                                                         func.count()).where(
            C.closed_on.between(p.start, p.end)).group_by(C.closed_on, C.lead_org_id, C.closure_reason)):
        out[day, org, "closed", ""] += n
        out[day, org, "closed_by", reason or "-"] += n


def _plans(out, p):
    days = timedelta(days=_plan_days())
    stmt = select(C.intake_on, C.plan_on, C.lead_org_id).where(*BY_KEY["plan_due"].where(p))
    for intake_on, plan_on, org in db.session.execute(stmt.execution_options(yield_per=5000)):
        day = intake_on + days
        out[day, org, "plan_due", ""] += 1
        if _plan_on_time(_Row(intake_on, plan_on), p):
            out[day, org, "plan_on_time", ""] += 1


class _Row:
    __slots__ = ("intake_on", "plan_on")

    def __init__(self, intake_on, plan_on):
        self.intake_on, self.plan_on = intake_on, plan_on


def _active(out, p):
    mixed = case((_other_sector(), 1), else_=0)
    in_range = [column.between(p.start, p.end) for column in (C.selected_on, C.closed_on, C.completed_on)]
    stmt = select(C.selected_on, C.closed_on, C.completed_on, C.lead_org_id, mixed).where(
        C.kind.in_(ACTIVE_KINDS), C.selected_on.is_not(None), or_(*in_range))
    for selected, closed, completed, org, is_mixed in db.session.execute(stmt.execution_options(yield_per=5000)):
        ends = [d for d in (closed, completed) if d is not None]
        end = min(ends) if ends else None
        if end is not None and end <= selected:
            continue  # never active at the end of any day
        for day, sign in ((selected, 1), (end, -1)):
            if day is not None and p.start <= day <= p.end:
                out[day, org, "active_delta", ""] += sign
                if is_mixed:
                    out[day, org, "mixed_delta", ""] += sign


def _referrals(out, p):
    for at, sender, receiver in db.session.execute(select(T.requested_at, T.from_org_id, T.to_org_id).where(
            *_referral(p, T.requested_at))):
        day = to_seoul(at).date()
        out[day, sender, "referrals_sent", ""] += 1
        out[day, receiver, "referrals_received", ""] += 1
    stmt = select(T.requested_at, T.answered_at, T.to_org_id, T.status).where(*BY_KEY["referrals_answered"].where(p))
    for asked, answered, receiver, status in db.session.execute(stmt):
        day = to_seoul(answered).date()
        out[day, receiver, "referrals_answered", ""] += 1
        if status in ACCEPTED:
            out[day, receiver, "referrals_accepted", ""] += 1
        out[day, receiver, "answer_days", repr(round((answered - asked).total_seconds() / 86400, 1))] += 1


def _conferences(out, p):
    days = {cid: to_seoul(at).date() for cid, at in db.session.execute(
        select(Conference.id, Conference.starts_at).where(*BY_KEY["conferences_held"].where(p)))}
    for host, cid, n in conference_orgs(p):
        out[days[cid], host, "conferences_held", ""] += 1
        out[days[cid], host, "conference_orgs", ""] += n


def _linkages(out, p):
    stmt = select(Linkage.linked_on, Linkage.org_id, Linkage.sector, Linkage.domain, func.count(),
                  func.coalesce(func.sum(Linkage.amount_krw), 0)).where(
        *linkages_in(p), Linkage.org_id.is_not(None)).group_by(
        Linkage.linked_on, Linkage.org_id, Linkage.sector, Linkage.domain)
    for day, org, sector, domain, n, amount in db.session.execute(stmt):
        out[day, org, "linkages", ""] += n
        if sector in ("public", "private"):
            out[day, org, f"linkages_{sector}", ""] += n
        out[day, org, "by_domain", domain or ""] += n
        out[day, org, "krw", ""] += int(amount)  # kept even when 0: the organisation then shows "0 won"


def _follow_ups(out, p):
    for org, _case_id, due, on_time in follow_ups(p):
        out[due, org, "follow_ups_due", ""] += 1
        if on_time:
            out[due, org, "follow_ups_on_time", ""] += 1


def to_result(rows, state: dict) -> dict:
    """The shape `figures.compute_live` returns, from (org, figure, detail, n) sums and {org: {figure: n}} states."""
    counts: dict = {}
    closed_by: dict = {}
    answer_days: dict = {}
    by_domain: dict = {}
    krw: dict = {}
    for org, figure, detail, n in rows:
        if figure == "closed_by":
            bucket = closed_by.setdefault(org, {})
            bucket[detail] = bucket.get(detail, 0) + n
        elif figure == "by_domain":
            bucket = by_domain.setdefault(org, {})
            bucket[detail or None] = bucket.get(detail or None, 0) + n
        elif figure == "krw":
            krw[org] = krw.get(org, 0) + n
        elif figure == "answer_days":
            answer_days.setdefault(org, []).extend([float(detail)] * n)
        else:
            bucket = counts.setdefault(org, {})
            bucket[figure] = bucket.get(figure, 0) + n
    for org, figures in state.items():
        for figure, n in (("active", figures.get("active_delta", 0)), ("mixed_sector", figures.get("mixed_delta", 0))):
            counts.setdefault(org, {})[figure] = n
    counts = {org: kept for org, figures in counts.items() if (kept := {k: n for k, n in figures.items() if n})}
    for reasons in (closed_by, by_domain):
        for org in list(reasons):
            reasons[org] = {k: n for k, n in reasons[org].items() if n}
            if not reasons[org]:
                del reasons[org]
    return {"counts": counts, "closed_by": closed_by, "answer_days": {o: sorted(d) for o, d in answer_days.items() if d},
            "by_domain": by_domain, "krw": krw}
