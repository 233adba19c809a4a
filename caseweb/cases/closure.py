"""종결: a supervisor closes a case; a worker's closure is a request a supervisor approves or returns.

While a request waits the case keeps its status (and its monitoring deadlines): the
household is still being served until a supervisor agrees it is not.
Services flush, never commit.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import timeutil
from ..extensions import db
from ..admin.list_services import active_labels
from ..models import Case, User
from ..notifications import services as notices
from .changes import WorkflowError, finish, jsonable, set_fields
from .guard import check

REQUEST_FIELDS = ("closure_requested_on", "closure_requested_reason", "closure_requested_comment",
                  "closure_requested_by_id", "closure_requested_at")


def closure_reasons() -> list[str]:
    return active_labels("closure_reason")


def _check_reason(reason: str) -> None:
    if reason not in closure_reasons():
        raise WorkflowError(_("Choose a closure reason from the list."))


def is_supervisor_of_lead(case: Case, user) -> bool:
    return user.has_role("supervisor") and user.org_id == case.lead_org_id


def lead_supervisors(case: Case) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.org_id == case.lead_org_id, User.active.is_(True), User.role == "supervisor")))


def _link(case: Case) -> str:
    return notices.link_for("cases.show", case_id=case.id)


def close(case: Case, user, on: date, reason: str, comment: str | None = None) -> None:
    """A supervisor of the lead closes the case at once with a reason from the managed list."""
    check(case, user, "close")
    if not user.has_role("supervisor"):
        raise WorkflowError(_("Only a supervisor can close a case. Ask a supervisor to approve the closure."))
    _check_reason(reason)
    detail = set_fields(case, status="closed", closed_on=on, closure_reason=reason, next_contact_due=None)
    if comment:
        detail["comment"] = [None, comment]
    finish(case, user, "close", detail)


def request_closure(case: Case, user, on: date, reason: str, comment: str | None = None) -> None:
    """A worker asks the lead's supervisors to close the case; they are notified."""
    check(case, user, "close")  # refuses partners, viewers, inactive statuses and a pending request
    _check_reason(reason)
    supervisors = lead_supervisors(case)
    if not supervisors:
        raise WorkflowError(_("Your organisation has no active supervisor who could approve the closure."))
    detail = set_fields(case, closure_requested_on=on, closure_requested_reason=reason,
                    closure_requested_comment=comment or None, closure_requested_by_id=user.id,
                    closure_requested_at=timeutil.utcnow())
    detail.pop("closure_requested_at", None)  # the event's own time says when
    detail.pop("closure_requested_by_id", None)  # and its user who
    finish(case, user, "closure_requested", detail)
    notices.notify(supervisors, "closure_requested", case.number, _link(case))


def close_or_request(case: Case, user, on: date, reason: str, comment: str | None = None) -> bool:
    """The close action: a supervisor closes, anyone else requests. True when the case is now closed."""
    if user.has_role("supervisor"):
        close(case, user, on, reason, comment)
        return True
    request_closure(case, user, on, reason, comment)
    return False


def _check_decision(case: Case, user) -> None:
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    if not is_supervisor_of_lead(case, user):
        raise WorkflowError(_("Only a supervisor of the lead organisation can approve or return a closure."))
    if not case.closure_pending:
        raise WorkflowError(_("There is no closure request waiting for approval."))


def _clear_request(case: Case) -> tuple[User | None, dict]:
    """Forget the request; return its requester and what it asked (for the history)."""
    requester = case.closure_requested_by
    asked = {"closure_requested_on": [jsonable(case.closure_requested_on), None],
             "closure_requested_reason": [case.closure_requested_reason, None]}
    for name in REQUEST_FIELDS:
        setattr(case, name, None)
    return requester, asked


def _notify_requester(requester: User | None, kind: str, case: Case) -> None:
    if requester is not None and requester.active:
        notices.notify([requester], kind, case.number, _link(case))


def approve_closure(case: Case, user) -> None:
    """Approve the pending request: the case closes with the requested date and reason."""
    _check_decision(case, user)
    if case.status not in ("service", "linkage"):
        raise WorkflowError(_("Only a case in service can be closed."))
    on, reason = case.closure_requested_on, case.closure_requested_reason
    requester, _asked = _clear_request(case)
    detail = set_fields(case, status="closed", closed_on=on, closure_reason=reason, next_contact_due=None)
    if requester is not None:
        detail["requested_by"] = [None, requester.name]
    finish(case, user, "closure_approved", detail)
    _notify_requester(requester, "closure_approved", case)


def return_closure(case: Case, user, comment: str) -> None:
    """Send the request back with a comment; the case goes on as before."""
    _check_decision(case, user)
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("Say why the closure request is returned."))
    requester, detail = _clear_request(case)
    detail["comment"] = [None, comment]
    finish(case, user, "closure_returned", detail)
    _notify_requester(requester, "closure_returned", case)


def pending_count(org_id: int) -> int:
    """Closure requests waiting in cases the organisation leads."""
    return db.session.scalar(select(func.count(Case.id)).where(
        Case.lead_org_id == org_id, Case.closure_requested_at.is_not(None))) or 0
