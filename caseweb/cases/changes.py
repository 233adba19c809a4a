"""Recording a change to a case: the refused-change error, changed fields, the history event.

Every case service (opening, workflow, closure, and the actions other features add)
ends with `finish`: deadlines are recomputed and one CaseEvent says who changed what.
"""
from datetime import date

from sqlalchemy import inspect, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Case, CaseEvent
from ..timeutil import utcnow
from .deadlines import recompute_due


class WorkflowError(Exception):
    """A refused change; the message is translated and shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def set_fields(obj, **fields) -> dict:
    """Set fields on a case (or note); return {field: [old, new]} for what really changed."""
    changed = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [jsonable(old), jsonable(new)]
            setattr(obj, name, new)
    return changed


def save_unversioned(case: Case) -> None:
    """Write the case's changed columns with an UPDATE that leaves `version` alone (note adds)."""
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


def finish(case: Case, user, action: str, detail: dict) -> CaseEvent:
    """Recompute the case's deadlines and write the history event for `action`."""
    recompute_due(case)
    event = CaseEvent(case=case, user_id=user.id, org_id=user.org_id, action=action, detail=detail or {})
    db.session.add(event)
    db.session.flush()
    return event
