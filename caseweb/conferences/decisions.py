"""Decisions and their effect: recorded during the meeting, applied to the cases once, on confirmation.

Confirming is a conditional UPDATE status 'held' -> 'confirmed': of two supervisors
confirming at once, or a double submit, exactly one changes the row and applies the
decisions; the other is refused and changes nothing. Each decision is applied through
the case services the case page uses (workflow.select, closure.request_closure, the
referral team rules), so the workflow rules live in one place.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import update

from ..cases import closure, workflow
from ..extensions import db
from ..models import CaseEvent, Conference, Decision
from ..models.conference import DECISION_KINDS, SELECTION_KINDS
from ..referrals.services import TransitionRefused, consent_allows, join_by_conference
from ..timeutil import SEOUL, utcnow
from .services import ConferenceRefused, is_host, log, require_editable, require_writer


@dataclass(frozen=True)
class Acting:
    """The confirming supervisor, acting for the conference on a case whose lead organisation took part.

    The case services check the lead organisation; a conference decision is the lead's
    decision taken together, so it passes as the lead. The history names the real user.
    """

    id: int
    org_id: int
    role: str
    can_write: bool = True

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


def record(item, user, *, kind: str, selection_kind=None, level=None, org_id=None, reason=None,
           note=None) -> Decision:
    """Add a decision to an agenda case; it takes effect when the minutes are confirmed."""
    conference = item.conference
    require_writer(user)
    require_editable(conference)
    if kind not in DECISION_KINDS:
        raise ConferenceRefused(_("Choose the kind of decision."))
    if kind == "selection":
        if selection_kind not in SELECTION_KINDS:
            raise ConferenceRefused(_("Choose a selection result."))
        if selection_kind == "case_management" and level not in ("general", "high_difficulty"):
            raise ConferenceRefused(_("Choose the case-management level."))
        level = level if selection_kind == "case_management" else None
    if kind in ("lead", "partner"):
        if org_id not in conference.org_ids:
            raise ConferenceRefused(_("Choose one of the organisations taking part in the conference."))
        if org_id != item.case.lead_org_id and not consent_allows(item.case, org_id):
            raise ConferenceRefused(_("There is no third-party consent that allows sharing with this "
                                      "organisation. Record the consent first."))
    if kind == "closure" and reason not in closure.closure_reasons():
        raise ConferenceRefused(_("Choose a closure reason from the list."))
    if kind != "partner" and any(d.kind == kind and d.applied_at is None for d in item.decisions):
        raise ConferenceRefused(_("This decision is already recorded for the case; remove it to change it."))
    decision = Decision(item=item, kind=kind, selection_kind=selection_kind if kind == "selection" else None,
                        level=level if kind == "selection" else None,
                        org_id=org_id if kind in ("lead", "partner") else None,
                        reason=reason if kind == "closure" else None, note=note or None, created_by_id=user.id)
    db.session.add(decision)
    db.session.flush()
    return decision


def remove(decision: Decision, user) -> None:
    require_writer(user)
    require_editable(decision.item.conference)
    if decision.applied_at is not None:
        raise ConferenceRefused(_("This decision has already taken effect in the case."))
    db.session.delete(decision)
    db.session.flush()


def _require_confirmer(conference: Conference, user) -> None:
    require_writer(user)
    if not (user.has_role("supervisor") and is_host(conference, user)):
        raise ConferenceRefused(_("Only a supervisor of the host organisation can confirm or reopen the minutes."))


def confirm(conference: Conference, user) -> int:
    """회의록 확정: apply every pending decision once; returns how many took effect."""
    _require_confirmer(conference, user)
    if conference.status == "confirmed":
        raise ConferenceRefused(_("The minutes are already confirmed."))
    if conference.status != "held":
        raise ConferenceRefused(_("Mark the conference as held before confirming its minutes."))
    won = db.session.execute(
        update(Conference).where(Conference.id == conference.id, Conference.status == "held")
        .values(status="confirmed", confirmed_at=utcnow(), confirmed_by_id=user.id)
        .execution_options(synchronize_session=False)).rowcount
    if won != 1:  # someone else confirmed between our read and our write
        raise ConferenceRefused(_("The minutes are already confirmed."))
    db.session.refresh(conference)
    applied = 0
    for item in conference.agenda:
        for decision in item.decisions:
            if decision.applied_at is None:
                _carry_out(conference, item, decision, user)
                applied += 1
    log(conference, user, "confirmed")
    db.session.flush()
    return applied


def _carry_out(conference, item, decision: Decision, user) -> None:
    case = item.case
    if case.lead_org_id not in conference.org_ids:
        raise ConferenceRefused(_("Case %(number)s: its lead organisation is not part of this conference, "
                                  "so the conference cannot decide for it.", number=case.number))
    acting = Acting(id=user.id, org_id=case.lead_org_id, role=user.role)
    committee = None
    day = conference.starts_at.astimezone(SEOUL).date()
    try:
        if decision.kind == "selection":
            workflow.select(case, acting, decision.selection_kind, decision.level, day, conference_on=day)
        elif decision.kind == "lead" and decision.org_id != case.lead_org_id:
            old = case.lead_org_id
            join_by_conference(case, decision.org_id, "lead")
            join_by_conference(case, old, "partner", gate=False)
            case.lead_org_id, case.manager_id = decision.org_id, None
        elif decision.kind == "partner":
            join_by_conference(case, decision.org_id, "partner")
        elif decision.kind == "closure":
            closure.request_closure(case, acting, day, decision.reason, decision.note)
        elif decision.kind == "solution":
            committee = _refer_to_committee(conference, case, decision)
    except (workflow.WorkflowError, TransitionRefused, ConferenceRefused) as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise ConferenceRefused(_("Case %(number)s, %(decision)s: %(reason)s", number=case.number,
                                  decision=str(decision.kind_label), reason=message)) from exc
    decision.applied_at = utcnow()
    detail = {"conference_id": conference.id, "decision_id": decision.id}
    if decision.kind == "solution" and committee is not None:
        detail["committee_id"] = committee.id
    if decision.org_id:
        detail["org_id"] = decision.org_id
    db.session.add(CaseEvent(case_id=case.id, user_id=user.id, org_id=user.org_id,
                             action=f"conference_{decision.kind}", detail=detail))
    db.session.flush()


def _refer_to_committee(conference, case, decision):
    """Put the case on the next scheduled solution committee its lead takes part in, if consent covers it.

    Without such a committee (or consent) the referral stays in the case history and the
    committee's host adds the case when it schedules one.
    """
    from sqlalchemy import func, select

    from ..models import AgendaItem
    from .queries import participating
    from .services import uncovered_orgs
    committee = db.session.scalar(select(Conference).where(
        Conference.kind == "solution", Conference.status == "scheduled", Conference.id != conference.id,
        Conference.starts_at > conference.starts_at, participating(case.lead_org_id))
        .order_by(Conference.starts_at).limit(1))
    if committee is None or any(i.case_id == case.id for i in committee.agenda) or uncovered_orgs(committee, case):
        return None
    position = (db.session.scalar(select(func.max(AgendaItem.position))
                                  .where(AgendaItem.conference_id == committee.id)) or 0) + 1
    question = decision.note or _("Referred by the conference of %(day)s", day=conference.starts_at.astimezone(
        SEOUL).date().isoformat())
    db.session.add(AgendaItem(conference=committee, case_id=case.id, presenting_org_id=case.lead_org_id,
                              presenter_id=case.manager_id, question=question, position=position))
    db.session.flush()
    return committee


def reopen(conference: Conference, user, reason: str) -> None:
    """A supervisor reopens confirmed minutes (recorded with the reason); applied decisions stay applied."""
    _require_confirmer(conference, user)
    if conference.status != "confirmed":
        raise ConferenceRefused(_("Only confirmed minutes can be reopened."))
    if not (reason or "").strip():
        raise ConferenceRefused(_("Say why the minutes are reopened."))
    conference.status, conference.confirmed_at, conference.confirmed_by_id = "held", None, None
    log(conference, user, "reopened", reason.strip())
    db.session.flush()
