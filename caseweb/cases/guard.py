"""The guard every case action passes: a writing role, the case's status, the lead organisation.

The rules are declared once per action in `actions.ACTIONS`, which registers them here
(this module sits below the services, so they can call `check` without importing the
registry that imports them). A direct service call is refused exactly like a form post.
"""
from flask_babel import gettext as _

from ..models import Case
from .changes import WorkflowError

RULES: dict = {}  # action name -> Action (see actions.py), in the order the page shows them


def register(actions) -> None:
    for action in actions:
        RULES[action.name] = action


def check(case: Case, user, name: str) -> None:
    """Raise WorkflowError unless `user` may do action `name` on `case` now."""
    rule = RULES[name]
    if not user.can_write:
        raise WorkflowError(_("Only workers and supervisors can change a case."))
    if case.status not in rule.statuses:
        raise WorkflowError(str(rule.refused))
    if rule.lead_only and user.org_id != case.lead_org_id:
        raise WorkflowError(_("Only the lead organisation can do this."))
    blocked = rule.blocked_by(case) if rule.blocked_by else None
    if blocked:
        raise WorkflowError(str(blocked))


def allowed(case: Case, user) -> list[str]:
    """The actions the user may take on the case right now, in the registry's order."""
    names = []
    for name in RULES:
        try:
            check(case, user, name)
        except WorkflowError:
            continue
        names.append(name)
    return names
