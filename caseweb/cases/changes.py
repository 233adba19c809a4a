"""Recording a change to a case: the refused-change error, changed fields, the history event.

Every case service (opening, workflow, closure, and the actions other features add)
ends with `finish`: deadlines are recomputed and one CaseEvent says who changed what.
"""
from datetime import date

from ..extensions import db
from ..models import Case, CaseEvent
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


def finish(case: Case, user, action: str, detail: dict) -> CaseEvent:
    """Recompute the case's deadlines and write the history event for `action`."""
    recompute_due(case)
    event = CaseEvent(case=case, user_id=user.id, org_id=user.org_id, action=action, detail=detail or {})
    db.session.add(event)
    db.session.flush()
    return event
