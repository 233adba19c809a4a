"""의뢰·이관·배정: the rules. Services only flush; the view commits.

Every step writes a CaseEvent on the case and an AccessLog row. Anything sent to
another organisation needs an active third-party consent covering it; the check
is authz.consent_covers, the same rule that decides who may read the case.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from .. import authz
from ..audit import log_access
from ..extensions import db
from ..models import Case, CaseEvent, CaseTeam, Organization, Transition, User
from ..notifications import services as notices
from ..timeutil import utcnow

OPEN = authz.OPEN_REQUEST


class TransitionRefused(Exception):
    """An action the rules do not allow; the message is for the user."""


def consent_allows(case: Case, org_id: int) -> bool:
    return bool(db.session.scalar(select(authz.consent_covers(case.household_id, org_id))))


def _gate(case: Case, org_id: int) -> None:
    if not consent_allows(case, org_id):
        raise TransitionRefused(_("There is no third-party consent that allows sharing with this "
                                  "organisation. Record the consent first."))


def _record(t: Transition, user: User | None, action: str, **detail) -> None:
    """The case history entry and the access-log row for one step."""
    detail = {"transition_id": t.id, "kind": t.kind, "from_org_id": t.from_org_id,
              "to_org_id": t.to_org_id, **detail}
    db.session.add(CaseEvent(case_id=t.case_id, user_id=user.id if user else None,
                             org_id=user.org_id if user else None, action=action, detail=detail))
    log_access(action, household_id=t.case.household_id, case_id=t.case_id,
               target=f"transition:{t.id}", user=user)


def _link(t: Transition) -> str:
    return notices.link_for("referrals.detail", transition_id=t.id)


def _check_recipient(case: Case, user: User, to_org: Organization, kind: str) -> None:
    if to_org is None or not to_org.active:
        raise TransitionRefused(_("Choose an active organisation."))
    if to_org.id == user.org_id or to_org.id == case.lead_org_id:
        raise TransitionRefused(_("Choose another organisation than your own."))
    if kind == "referral" and db.session.scalar(select(CaseTeam.id).where(
            CaseTeam.case_id == case.id, CaseTeam.org_id == to_org.id, CaseTeam.active.is_(True))):
        raise TransitionRefused(_("This organisation is already on the case team."))
    if db.session.scalar(select(Transition.id).where(
            Transition.case_id == case.id, Transition.to_org_id == to_org.id,
            Transition.kind == kind, Transition.status.in_(OPEN))):
        raise TransitionRefused(_("A request to this organisation is already waiting for an answer."))
    _gate(case, to_org.id)


def _send(case, user, to_org, kind, reason, sections=None) -> Transition:
    t = Transition(case=case, case_id=case.id, kind=kind, status="requested", from_org_id=user.org_id,
                   to_org_id=to_org.id, from_user_id=user.id, reason=reason,
                   sections=list(sections) if sections else None, requested_at=utcnow())
    db.session.add(t)
    db.session.flush()
    _record(t, user, f"{kind}_sent")
    notices.notify_org(to_org.id, f"{kind}_received", case.number, _link(t))
    return t


def _require_lead(case: Case, user: User) -> None:
    if not authz.may_send(case, user):
        raise TransitionRefused(_("Only the lead organisation can refer or transfer this case."))


def send_referral(case: Case, user: User, to_org: Organization, reason: str, sections) -> Transition:
    """의뢰: ask another organisation to join the case as a partner."""
    _require_lead(case, user)
    _check_recipient(case, user, to_org, "referral")
    return _send(case, user, to_org, "referral", reason, sections)


def send_transfer(case: Case, user: User, to_org: Organization, reason: str, sections=None) -> Transition:
    """이관: ask another organisation to take over the lead."""
    _require_lead(case, user)
    _check_recipient(case, user, to_org, "transfer")
    return _send(case, user, to_org, "transfer", reason, sections)


def assign(case: Case, supervisor: User, worker: User) -> Transition:
    """배정: a supervisor gives the case to a worker of the same organisation, at once."""
    if not authz.may_assign(case, supervisor):
        raise TransitionRefused(_("Only a supervisor of the lead organisation can assign this case."))
    if worker is None or worker.org_id != supervisor.org_id or not worker.active \
            or not worker.can_write:
        raise TransitionRefused(_("Choose an active worker of your organisation."))
    now = utcnow()
    t = Transition(case=case, case_id=case.id, kind="assign", status="completed",
                   from_org_id=supervisor.org_id, to_org_id=supervisor.org_id,
                   from_user_id=supervisor.id, to_user_id=worker.id, answered_by_id=supervisor.id,
                   requested_at=now, answered_at=now, completed_at=now)
    db.session.add(t)
    case.manager_id = worker.id
    db.session.flush()
    _record(t, supervisor, "case_assigned", worker_id=worker.id)
    notices.notify([worker], "assigned", case.number, notices.link_for("cases.show", case_id=case.id))
    return t


def _require_receiver(t: Transition, user: User) -> None:
    if t.to_org_id != user.org_id:
        raise TransitionRefused(_("This request is addressed to another organisation."))


def _require_answerable(t: Transition, user: User) -> None:
    """수락·거절·전달: the check behind those buttons (authz.may_answer), with the reason it fails."""
    if not authz.may_answer(t, user):
        _require_receiver(t, user)
        raise TransitionRefused(_("This request has already been answered or closed."))


def mark_received(t: Transition, user: User) -> Transition:
    """접수 확인: the receiving organisation says it has seen the request (a POST, never a page view)."""
    _require_receiver(t, user)
    if t.status != "requested":
        raise TransitionRefused(_("This request has already been received or answered."))
    t.status, t.received_at = "received", utcnow()
    db.session.flush()
    _record(t, user, f"{t.kind}_received")
    return t


def _require_consent(t: Transition) -> None:
    """After the household revoked the consent, the receiver may no longer answer with anything."""
    if not consent_allows(t.case, t.to_org_id):
        raise TransitionRefused(_("The household's consent no longer covers your organisation, so this "
                                  "request can no longer be answered."))


def _answer(t: Transition, user: User, status: str) -> None:
    now = utcnow()
    t.status, t.answered_at, t.answered_by_id = status, now, user.id
    t.received_at = t.received_at or now


def _join_team(case: Case, org_id: int, role: str, via: str, sections=None) -> CaseTeam:
    row = db.session.scalar(select(CaseTeam).where(CaseTeam.case_id == case.id, CaseTeam.org_id == org_id))
    if row is None:
        row = CaseTeam(case_id=case.id, org_id=org_id, role=role, via=via)
        db.session.add(row)
    elif not row.active or row.role != role:
        row.since = utcnow()
    row.role, row.via, row.active, row.sections = role, via, True, sections
    return row


def accept(t: Transition, user: User) -> Transition:
    """수락: a referral adds the receiver as partner; a transfer makes it the lead."""
    _require_answerable(t, user)
    case = t.case
    _gate(case, t.to_org_id)
    _answer(t, user, "accepted")
    if t.kind == "transfer":
        old_lead = case.lead_org_id
        _join_team(case, old_lead, "partner", "transfer")
        _join_team(case, t.to_org_id, "lead", "transfer")
        case.lead_org_id, case.manager_id = t.to_org_id, None
    else:
        _join_team(case, t.to_org_id, "partner", "referral", t.sections)
    db.session.flush()
    _record(t, user, f"{t.kind}_accepted")
    _tell_sender(t, f"{t.kind}_accepted")
    return t


def decline(t: Transition, user: User, reason: str, declined_by: str, response: str | None = None):
    """거절: with a reason from the managed list, by the provider or the household."""
    _require_answerable(t, user)
    # Declining stays possible without consent: it only closes the request.
    _answer(t, user, "declined")
    t.decline_reason, t.declined_by, t.response = reason, declined_by, response
    db.session.flush()
    _record(t, user, f"{t.kind}_declined", reason=reason, declined_by=declined_by)
    _tell_sender(t, f"{t.kind}_declined")
    return t


def start(t: Transition, user: User) -> Transition:
    """진행 중: the receiver has started the service."""
    _require_receiver(t, user)
    if t.status != "accepted":
        raise TransitionRefused(_("Only an accepted request can be started."))
    _require_consent(t)
    t.status = "in_progress"
    db.session.flush()
    _record(t, user, f"{t.kind}_in_progress")
    return t


def complete(t: Transition, user: User, result: str) -> Transition:
    """회신: the receiver reports the result; the request is done."""
    if not authz.may_report_result(t, user):
        _require_receiver(t, user)
        raise TransitionRefused(_("Only an accepted request can be answered with a result."))
    _require_consent(t)
    t.status, t.result, t.completed_at = "completed", result, utcnow()
    db.session.flush()
    _record(t, user, f"{t.kind}_completed")
    _tell_sender(t, "referral_completed")
    return t


def withdraw(t: Transition, user: User) -> Transition:
    """철회: the sender takes it back, only while it is unanswered."""
    if not authz.may_withdraw(t, user):
        if t.from_org_id != user.org_id:
            raise TransitionRefused(_("Only the sending organisation can withdraw this request."))
        raise TransitionRefused(_("It can no longer be withdrawn: it has already been answered."))
    t.status, t.answered_at = "withdrawn", utcnow()
    db.session.flush()
    _record(t, user, f"{t.kind}_withdrawn")
    notices.notify_org(t.to_org_id, "referral_withdrawn", t.case.number, _link(t))
    return t


def reroute(t: Transition, user: User, to_org: Organization, reason: str) -> Transition:
    """전달: the receiver forwards the request to a better-placed organisation."""
    _require_answerable(t, user)
    _require_consent(t)
    case = t.case
    _check_recipient(case, user, to_org, t.kind)
    new = _send(case, user, to_org, t.kind, reason, t.sections)
    _answer(t, user, "rerouted")
    t.rerouted_to_id = new.id
    db.session.flush()
    _record(t, user, f"{t.kind}_rerouted", rerouted_to=new.id)
    _tell_sender(t, "referral_answered")
    return new


def expire_overdue(now=None) -> int:
    """Requests unanswered after REFERRAL_EXPIRY_DAYS expire; run by `flask referrals expire`, never by a page."""
    now = now or utcnow()
    limit = now - timedelta(days=current_app.config["REFERRAL_EXPIRY_DAYS"])
    overdue = list(db.session.scalars(select(Transition).where(
        Transition.kind.in_(("referral", "transfer")), Transition.status.in_(OPEN),
        Transition.requested_at < limit)))
    for t in overdue:
        t.status, t.answered_at = "expired", now
        db.session.flush()
        _record(t, None, f"{t.kind}_expired")
        _tell_sender(t, "referral_expired")
    return len(overdue)


def _tell_sender(t: Transition, kind: str) -> None:
    sender = db.session.get(User, t.from_user_id) if t.from_user_id else None
    users = [sender] if sender and sender.active else notices.org_users(t.from_org_id)
    notices.notify(users, kind, t.case.number, _link(t))


def join_by_conference(case: Case, org_id: int, role: str, gate: bool = True) -> CaseTeam:
    """A conference decided that `org_id` works on the case: the same consent gate and team row as a referral.

    `gate=False` only for the outgoing lead staying on as partner (as in an accepted transfer).
    """
    if gate:
        _gate(case, org_id)
    return _join_team(case, org_id, role, "conference")
