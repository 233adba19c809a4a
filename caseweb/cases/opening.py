"""Opening a case: a yearly case number that stays unique under concurrent requests."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import timeutil
from ..extensions import db
from ..models import Case, CaseTeam
from .changes import WorkflowError, finish


def next_case_number(year: int) -> str:
    prefix = f"C-{year}-"
    last = db.session.scalar(select(Case.number).where(Case.number.like(prefix + "%"))
                             .order_by(Case.number.desc()).limit(1))
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def create_case(household, org, user, programme: str, source: str | None = None,
                found_on: date | None = None) -> Case:
    """Open a case led by `org` and managed by `user`; the number is unique per year."""
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    found_on = found_on or timeutil.seoul_today()
    for _attempt in range(5):
        # A concurrent request may take the same number: retry inside a savepoint.
        savepoint = db.session.begin_nested()
        case = Case(number=next_case_number(timeutil.seoul_today().year), household_id=household.id,
                    programme=programme, lead_org_id=org.id, manager_id=user.id, status="screening",
                    source=source or None, found_on=found_on)
        db.session.add(case)
        try:
            db.session.flush()
        except IntegrityError:
            savepoint.rollback()
            continue
        savepoint.commit()
        break
    else:
        raise WorkflowError(_("The case number could not be assigned. Please try again."))
    db.session.add(CaseTeam(case_id=case.id, org_id=org.id, role="lead", via="intake"))
    finish(case, user, "created", {"programme": [None, programme], "status": [None, "screening"]})
    return case
