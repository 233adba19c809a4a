"""The case workflow: who may move a case from which status to which, and the record of it.

screening -> intake -> assessed -> selection: planning (case management) |
linkage (service linkage) | completed (not selected); planning -> service;
service/linkage -> closed -> follow_up -> completed; closed cases can reopen.
Services flush, never commit; every change writes a CaseEvent and recomputes due_on.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, inspect, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy import select as sql_select  # `select` is the selection step below

from ..extensions import db
from ..models import Assessment, Case, CaseEvent, Goal, Note, Plan, PlannedService
from ..models.records import CRISIS_LEVELS, NEED_DOMAINS
from ..timeutil import utcnow
from .deadlines import recompute_due

NEED_KEYS = [key for _label, subs in NEED_DOMAINS.values() for key in subs]
HIGH_RISK_KEYS = [key for key in NEED_KEYS if key.startswith("safety_")] + ["health_mental"]
CONTACT_KINDS = ("visit", "phone", "office", "monitoring")
ACTIVE = ("service", "linkage")
ENDED = ("closed", "follow_up", "completed")

# action -> (statuses it may start from, whether only the lead organisation may do it).
# Decisions about the case (selection, closure, completion, reopening) belong to the lead;
# records (intake, assessment, plan, notes) may come from any writing team member.
TRANSITIONS = {
    "intake": (("screening",), False),
    "assessment": (("intake",), False),
    "select": (("assessed",), True),
    "plan": (("planning",), False),
    "note": (ACTIVE, False),
    "reassess": (ACTIVE, False),
    "close": (ACTIVE, True),
    "follow_up": (("closed", "follow_up"), False),
    "complete": (("closed", "follow_up"), True),
    "reopen": (ENDED, True),
}


class WorkflowError(Exception):
    """A refused change; the message is translated and shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _status_messages() -> dict:
    return {
        "intake": _("Intake can only be recorded for a newly found or referred case."),
        "assessment": _("Only a case with a recorded intake can be assessed."),
        "select": _("Only an assessed case can be selected."),
        "plan": _("A service plan can only be made for a selected case-management case."),
        "note": _("Contact notes can only be added while services are being provided."),
        "reassess": _("Only a case in service can be reassessed."),
        "close": _("Only a case in service can be closed."),
        "follow_up": _("Follow-up checks can only be recorded for a closed case."),
        "complete": _("Only a closed case can be completed."),
        "reopen": _("Only a closed or completed case can be reopened."),
    }


def check(case: Case, user, action: str) -> None:
    """Raise WorkflowError unless `user` may do `action` on `case` now."""
    statuses, lead_only = TRANSITIONS[action]
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    if case.status not in statuses:
        raise WorkflowError(_status_messages()[action])
    if lead_only and user.org_id != case.lead_org_id:
        raise WorkflowError(_("Only the lead organisation can do this."))
    if action == "close" and case.closure_pending:
        raise WorkflowError(_("A closure request is already waiting for approval."))


def allowed_actions(case: Case, user) -> set[str]:
    """The actions the user may take on the case right now (for showing forms)."""
    allowed = set()
    for action in TRANSITIONS:
        try:
            check(case, user, action)
        except WorkflowError:
            continue
        allowed.add(action)
    return allowed


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _apply(case: Case, **fields) -> dict:
    """Set fields on the case; return {field: [old, new]} for what really changed."""
    changed = {}
    for name, new in fields.items():
        old = getattr(case, name)
        if old != new:
            changed[name] = [_jsonable(old), _jsonable(new)]
            setattr(case, name, new)
    return changed


def _event(case: Case, user, action: str, detail: dict | None = None) -> CaseEvent:
    event = CaseEvent(case=case, user_id=user.id, org_id=user.org_id, action=action, detail=detail or {})
    db.session.add(event)
    return event


def _finish(case: Case, user, action: str, detail: dict) -> None:
    recompute_due(case)
    _event(case, user, action, detail)
    db.session.flush()


def record_intake(case: Case, user, on: date, source: str | None, body: str) -> Note:
    """초기상담: the intake interview, kept as a note of kind "intake"."""
    check(case, user, "intake")
    note = Note(case_id=case.id, kind="intake", contact_on=on, body=body, author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    detail = _apply(case, status="intake", intake_on=on, last_contact_on=on,
                    **({"source": source} if source else {}))
    _finish(case, user, "intake", detail)
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
    detail = _apply(case, status="assessed", assessed_on=on)
    detail["suggested_level"] = [None, assessment.suggested_level]
    _finish(case, user, "assessment", detail)
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
    _finish(case, user, "select", _apply(case, **fields))


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
    detail = _apply(case, status="service", plan_on=on)
    detail["goals"] = [None, len(goals)]
    _finish(case, user, "plan", detail)
    return plan


def add_note(case: Case, user, kind: str, on: date, body: str, next_due: date | None = None) -> Note:
    """상담일지/점검: a contact with the household during services."""
    check(case, user, "note")
    if kind not in CONTACT_KINDS:
        raise WorkflowError(_("Choose the kind of contact."))
    # A note adds to the case; it does not change what another user's form was based on.
    # So it takes the case row's lock (PostgreSQL; SQLite's write lock is already held),
    # reads the current contact dates and writes them without bumping the version: two
    # people adding notes at once both succeed, and a workflow form stays valid. The lock
    # comes before the note's insert, whose foreign key would otherwise share-lock the row
    # first and deadlock against the other note.
    db.session.execute(sql_select(Case).where(Case.id == case.id).with_for_update(key_share=True)
                       .execution_options(populate_existing=True))
    note = Note(case_id=case.id, kind=kind, contact_on=on, body=body, next_due=next_due,
                author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    fields = {}
    # Monitoring deadlines are the lead's: a partner's contact is recorded, not counted.
    if user.org_id == case.lead_org_id:
        fields["next_contact_due"] = next_due
        if case.last_contact_on is None or on >= case.last_contact_on:
            fields["last_contact_on"] = on
    with db.session.no_autoflush:  # an autoflush would write the case with a version bump
        detail = _apply(case, **fields)
        detail["note_kind"] = [None, kind]
        recompute_due(case)
        _save_unversioned(case)
    _event(case, user, "note_added", detail)
    db.session.flush()
    return note


def _save_unversioned(case: Case) -> None:
    """Write the case's changed columns with an UPDATE that leaves `version` alone."""
    state = inspect(case)
    values = {attr.key: attr.value for attr in state.attrs
              if attr.key in state.mapper.column_attrs and attr.history.has_changes()}
    if not values:
        return
    values["updated_at"] = utcnow()
    db.session.execute(update(Case).where(Case.id == case.id).values(**values)
                       .execution_options(synchronize_session=False))
    for key, value in values.items():
        set_committed_value(case, key, value)


def edit_note(note: Note, case: Case, user, on: date, body: str, next_due: date | None) -> Note:
    """Correct a note; the note's version guards against a concurrent edit."""
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    detail = {}
    for name, new in (("contact_on", on), ("body", body), ("next_due", next_due)):
        old = getattr(note, name)
        if old != new:
            detail[name] = [_jsonable(old), _jsonable(new)] if name != "body" else ["…", "…"]
            setattr(note, name, new)
    detail["note_id"] = [None, note.id]
    _finish(case, user, "note_edited", detail)
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
    detail = _apply(case, **fields)
    detail["reassessed_on"] = [None, on.isoformat()]
    _finish(case, user, "reassess", detail)
    return assessment


def closure_reasons() -> list[str]:
    from .closure import closure_reasons as reasons
    return reasons()


def close(case: Case, user, on: date, reason: str, comment: str | None = None) -> None:
    """종결 by a supervisor; workers ask for approval (see closure.py, which holds the closure rules)."""
    from .closure import close as close_case
    close_case(case, user, on, reason, comment)


def record_follow_up(case: Case, user, on: date, body: str) -> Note:
    """사후관리: a check on the household after closure."""
    check(case, user, "follow_up")
    note = Note(case_id=case.id, kind="follow_up", contact_on=on, body=body, author_id=user.id, org_id=user.org_id)
    db.session.add(note)
    detail = _apply(case, status="follow_up", last_contact_on=max(on, case.last_contact_on or on))
    detail["follow_up_on"] = [None, on.isoformat()]
    _finish(case, user, "follow_up", detail)
    return note


def complete(case: Case, user, on: date) -> None:
    """완료: the case ends for good."""
    check(case, user, "complete")
    _finish(case, user, "complete", _apply(case, status="completed", completed_on=on))


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
    detail = _apply(case, status=status, closed_on=None, closure_reason=None, completed_on=None)
    if reason:
        detail["reason"] = [None, reason]
    _finish(case, user, "reopen", detail)
