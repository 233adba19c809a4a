"""Opening a case: a yearly case number that stays unique under concurrent requests."""
from datetime import date

from flask_babel import gettext as _

from .. import numbering, timeutil
from ..extensions import db
from ..models import Case, CaseTeam
from .changes import WorkflowError, finish


def create_case(household, org, user, programme: str, source: str | None = None,
                found_on: date | None = None) -> Case:
    """Open a case led by `org` and managed by `user`; the number is unique per year."""
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    found_on = found_on or timeutil.seoul_today()
    case = numbering.insert_numbered(
        lambda number: Case(number=number, household_id=household.id, programme=programme, lead_org_id=org.id,
                            manager_id=user.id, status="screening", source=source or None, found_on=found_on),
        Case.number, "C")
    if case is None:
        raise WorkflowError(_("The case number could not be assigned. Please try again."))
    db.session.add(CaseTeam(case_id=case.id, org_id=org.id, role="lead", via="intake"))
    finish(case, user, "created", {"programme": [None, programme], "status": [None, "screening"]})
    return case
