"""Which stored report days a change touches: before each flush, the days (old and new values) of
every changed case, entry, list, referral, conference, linkage, team row and follow-up note are
written to report_dirty, in the same transaction as the change. The page counts those days live
until `flask reports summarize` has counted them again.

Changes made with bulk SQL bypass this (the retention purge marks everything itself).
"""
from datetime import timedelta

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, inspect, select

from ..cases.deadlines import add_months, followup_months
from ..extensions import db
from ..models import (Case, CaseTeam, Conference, ConferenceOrg, Linkage, Note, Organization, ReportDirty,
                      ScreeningEntry, ScreeningList, Transition)
from ..timeutil import to_seoul
from .figures import _plan_days

WATCHED = {
    Case: ("intake_on", "selected_on", "closed_on", "completed_on", "kind", "level", "lead_org_id", "plan_on",
           "closure_reason"),
    ScreeningEntry: ("outcome_on", "outcome", "assigned_org_id", "case_id", "list_id"),
    ScreeningList: ("received_on",),
    Transition: ("kind", "status", "requested_at", "answered_at", "from_org_id", "to_org_id"),
    Conference: ("status", "starts_at", "host_org_id"),
    ConferenceOrg: ("attended", "org_id", "conference_id"),
    Linkage: ("linked_on", "org_id", "sector", "domain", "amount_krw", "case_id", "cancelled_at"),
    CaseTeam: ("active", "role", "org_id", "case_id"),
    Note: ("kind", "contact_on", "case_id"),
    Organization: ("sector",),
}
EVERYTHING = object()


def _values(obj, name, changed_only: bool) -> list:
    """Old and new values of an attribute (for a changed row), or its value."""
    history = inspect(obj).attrs[name].history
    if changed_only and not history.has_changes():
        return []
    return [v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None]


def _case_days(case: Case | None) -> set:
    if case is None:
        return set()
    days = {case.selected_on, case.closed_on, case.completed_on}
    if case.closed_on:
        days |= {add_months(case.closed_on, m) for m in followup_months()}
    return days


def _days(session, obj, is_new: bool) -> set:
    """The days whose counts `obj` takes part in, before and after the change."""
    names = WATCHED[type(obj)]
    if not is_new and not any(inspect(obj).attrs[n].history.has_changes() for n in names):
        return set()
    def every(name):
        return _values(obj, name, changed_only=False)
    if isinstance(obj, Organization):
        return {EVERYTHING} if not is_new else set()
    if isinstance(obj, Case):
        days = set(every("intake_on") + every("selected_on") + every("closed_on") + every("completed_on"))
        days |= {d + timedelta(days=_plan_days()) for d in every("intake_on")}
        days |= {add_months(d, m) for d in every("closed_on") for m in followup_months()}
        return days
    if isinstance(obj, ScreeningEntry):
        lists = [session.get(ScreeningList, i) for i in every("list_id")]
        return set(every("outcome_on")) | {sl.received_on for sl in lists if sl is not None}
    if isinstance(obj, ScreeningList):
        return set(every("received_on"))
    if isinstance(obj, (Transition, Conference)):
        stamps = every("requested_at") + every("answered_at") if isinstance(obj, Transition) else every("starts_at")
        return {to_seoul(at).date() for at in stamps}
    if isinstance(obj, ConferenceOrg):
        conferences = [session.get(Conference, i) for i in every("conference_id")]
        return {to_seoul(c.starts_at).date() for c in conferences if c is not None and c.starts_at}
    if isinstance(obj, Linkage):
        entries = set(session.scalars(select(ScreeningEntry.outcome_on).where(
            ScreeningEntry.case_id.in_(every("case_id")), ScreeningEntry.outcome_on.is_not(None))))
        return set(every("linked_on")) | entries
    # CaseTeam (cases with partners from the other sector) and follow-up notes: the case's days.
    if isinstance(obj, Note) and "follow_up" not in every("kind"):
        return set()
    days = set()
    for case_id in every("case_id"):
        days |= _case_days(session.get(Case, case_id))
    return days


def mark(session, _context, _instances) -> None:
    days = set()
    with session.no_autoflush:
        for objects, is_new in ((session.new, True), (session.dirty, False), (session.deleted, True)):
            for obj in list(objects):
                if type(obj) in WATCHED:
                    days |= _days(session, obj, is_new)
    days.discard(None)
    if EVERYTHING in days:
        days = {None}
    for day in sorted(days, key=lambda d: (d is not None, d)):
        session.add(ReportDirty(day=day))


def mark_everything() -> None:
    """For changes made with bulk SQL (the retention purge): count everything live until rebuilt."""
    db.session.add(ReportDirty(day=None))


def init_app(_app) -> None:
    # On the session class, so every session the app makes (tests bind their own) is watched.
    if not event.contains(FlaskSession, "before_flush", mark):
        event.listen(FlaskSession, "before_flush", mark)
