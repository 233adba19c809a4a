"""The case workflow's services: intake, assessment, selection, plan, notes, follow-up, completion.

screening -> intake -> assessed -> selection: planning (case management) |
linkage (service linkage) | completed (not selected); planning -> service;
service/linkage -> closed (closure.py) -> follow_up -> completed; ended cases can reopen.
Which action may start from which status is declared once, in actions.py; each service
passes `guard.check` first. Services flush, never commit; every change writes a CaseEvent.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists
from sqlalchemy import select as sql_select  # `select` is the selection step below

from ..extensions import db
from ..models import Assessment, Case, Goal, Note, Plan, PlannedService
from ..models.records import CONTACT_KINDS, CRISIS_LEVELS, NEED_KEYS
from ..notifications import services as notices
from .changes import WorkflowError, finish, set_fields
from .guard import check

HIGH_RISK_KEYS = [key for key in NEED_KEYS if key.startswith("safety_")] + ["health_mental"]


def record_intake(case: Case, user, on: date, source: str | None, body: str) -> Note:
    """초기상담: the intake interview, kept as a note of kind "intake"."""
    check(case, user, "intake")
    note = Note(case_id=case.id, kind="intake", contact_on=on, body=body, author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    detail = set_fields(case, status="intake", intake_on=on, last_contact_on=on,
                    **({"source": source} if source else {}))
    finish(case, user, "intake", detail)
    return note


def suggest_level(needs: dict, crisis_level: str) -> str:
    """High difficulty when safety or mental health needs are high, or the crisis is."""
    if crisis_level in ("high", "urgent") or any(int(needs.get(k) or 0) >= 3 for k in HIGH_RISK_KEYS):
        return "high_difficulty"
    return "general"


def _assessment(case, user, kind, on, needs, strengths, summary, crisis_level) -> Assessment:
    if crisis_level not in CRISIS_LEVELS:
        raise WorkflowError(_("Choose a crisis level."))
    clean = {key: int(needs.get(key) or 0) for key in NEED_KEYS}
    if any(level not in (0, 1, 2, 3) for level in clean.values()):
        raise WorkflowError(_("Need levels go from 0 (none) to 3 (high)."))
    assessment = Assessment(case_id=case.id, kind=kind, assessed_on=on, needs=clean,
                            strengths=strengths or None, summary=summary or None,
                            crisis_level=crisis_level, suggested_level=suggest_level(clean, crisis_level),
                            author_id=user.id)
    db.session.add(assessment)
    return assessment


def record_assessment(case: Case, user, on: date, needs: dict, strengths: str | None,
                      summary: str | None, crisis_level: str) -> Assessment:
    """욕구·위기도 사정: need levels per sub-domain, strengths, crisis level."""
    check(case, user, "assessment")
    assessment = _assessment(case, user, "initial", on, needs, strengths, summary, crisis_level)
    detail = set_fields(case, status="assessed", assessed_on=on)
    detail["suggested_level"] = [None, assessment.suggested_level]
    finish(case, user, "assessment", detail)
    return assessment


def select(case: Case, user, kind: str, level: str | None, on: date,
           conference_on: date | None = None) -> None:
    """선정: case management (general/high difficulty), service linkage, or not selected."""
    check(case, user, "select")
    fields = {"kind": kind, "selected_on": on}
    if conference_on:
        fields["conference_on"] = conference_on
    if kind == "case_management":
        if level not in ("general", "high_difficulty"):
            raise WorkflowError(_("Choose the case-management level."))
        fields.update(level=level, status="planning")
    elif kind == "service_linkage":
        fields.update(level=None, status="linkage")
    elif kind == "not_selected":
        fields.update(level=None, status="completed", completed_on=on)
    else:
        raise WorkflowError(_("Choose a selection result."))
    finish(case, user, "select", set_fields(case, **fields))


def make_plan(case: Case, user, on: date, goals: list[dict], services: list[dict]) -> Plan:
    """서비스 제공계획: goals per domain and the planned services; services start."""
    check(case, user, "plan")
    if not goals:
        raise WorkflowError(_("A plan needs at least one goal."))
    plan = Plan(case_id=case.id, planned_on=on, author_id=user.id)
    plan.goals = [Goal(domain=g["domain"], text=g["text"], target_on=g.get("target_on")) for g in goals]
    for s in services:
        if not (s.get("provider_org_id") or s.get("provider_name")):
            raise WorkflowError(_("Each planned service needs a provider."))
    plan.services = [PlannedService(domain=s.get("domain"), service=s["service"],
                                    provider_org_id=s.get("provider_org_id"),
                                    provider_name=s.get("provider_name") or None,
                                    start_on=s.get("start_on"), end_on=s.get("end_on")) for s in services]
    db.session.add(plan)
    detail = set_fields(case, status="service", plan_on=on)
    detail["goals"] = [None, len(goals)]
    finish(case, user, "plan", detail)
    return plan


def add_note(case: Case, user, kind: str, on: date, body: str, next_due: date | None = None) -> Note:
    """상담일지/점검: a contact with the household by any organisation on the case team."""
    check(case, user, "note")
    if kind not in CONTACT_KINDS:
        raise WorkflowError(_("Choose the kind of contact."))
    note = Note(case_id=case.id, kind=kind, contact_on=on, body=body, next_due=next_due,
                author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    fields = {}
    # Any team member's contact is contact with the household: it counts for the team's
    # monitoring deadline. The lead sets the next date; a partner's contact on or after the
    # date due meets it (its own next date, or the interval from this contact, follows).
    if case.last_contact_on is None or on >= case.last_contact_on:
        fields["last_contact_on"] = on
    if user.org_id == case.lead_org_id:
        fields["next_contact_due"] = next_due
    elif case.next_contact_due is not None and case.next_contact_due <= on:
        fields["next_contact_due"] = next_due if next_due and next_due > on else None
    detail = set_fields(case, **fields)
    detail["note_kind"] = [None, kind]
    finish(case, user, "note_added", detail)
    if user.org_id != case.lead_org_id:
        _tell_lead(case, "partner_note", f"/cases/{case.id}/notes")
    return note


def _tell_lead(case: Case, kind: str, link: str) -> None:
    """The lead's case manager hears of a partner's work (the lead's workers when no one manages it)."""
    manager = case.manager if case.manager_id else None
    users = [manager] if manager is not None and manager.active else notices.org_users(case.lead_org_id)
    notices.notify(users, kind, case.number, link)


def edit_note(note: Note, case: Case, user, on: date, body: str, next_due: date | None) -> Note:
    """Correct a note; the note's version guards against a concurrent edit."""
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    detail = set_fields(note, contact_on=on, body=body, next_due=next_due)
    if "body" in detail:
        detail["body"] = ["…", "…"]  # the history shows that the text changed, not the text
    detail["note_id"] = [None, note.id]
    finish(case, user, "note_edited", detail)
    return note


def reassess(case: Case, user, on: date, needs: dict, strengths: str | None, summary: str | None,
             crisis_level: str, level: str | None = None) -> Assessment:
    """재사정: a new assessment during services; it may change the level."""
    check(case, user, "reassess")
    assessment = _assessment(case, user, "re", on, needs, strengths, summary, crisis_level)
    fields = {}
    if level and case.kind == "case_management":
        if level not in ("general", "high_difficulty"):
            raise WorkflowError(_("Choose the case-management level."))
        fields["level"] = level
    detail = set_fields(case, **fields)
    detail["reassessed_on"] = [None, on.isoformat()]
    finish(case, user, "reassess", detail)
    return assessment


def record_follow_up(case: Case, user, on: date, body: str) -> Note:
    """사후관리: a check on the household after closure."""
    check(case, user, "follow_up")
    note = Note(case_id=case.id, kind="follow_up", contact_on=on, body=body, author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    detail = set_fields(case, status="follow_up", last_contact_on=max(on, case.last_contact_on or on))
    detail["follow_up_on"] = [None, on.isoformat()]
    finish(case, user, "follow_up", detail)
    return note


def complete(case: Case, user, on: date) -> None:
    """완료: the case ends for good."""
    check(case, user, "complete")
    finish(case, user, "complete", set_fields(case, status="completed", completed_on=on))


def reopen(case: Case, user, reason: str | None = None) -> None:
    """Reopen an ended case where its work left off."""
    check(case, user, "reopen")
    has_plan = db.session.scalar(sql_select(exists().where(Plan.case_id == case.id)))
    if case.kind == "case_management" and has_plan:
        status = "service"
    elif case.kind == "service_linkage":
        status = "linkage"
    else:
        status = "intake"
    detail = set_fields(case, status=status, closed_on=None, closure_reason=None, completed_on=None)
    if reason:
        detail["reason"] = [None, reason]
    finish(case, user, "reopen", detail)
