"""What comes next on a case, and where: the first action of the registry that has a guide and that
the case's status allows (actions.ACTIONS). Said in the header, on empty tabs and after each step.
"""
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from ..models.transition import CASE_SECTIONS
from . import guard
from .actions import ACTIONS


@dataclass(frozen=True)
class NextStep:
    name: str
    label: str  # what to do
    tab: str
    tab_label: str
    url: str | None  # the form, when this user may take the step there
    lead_org: str | None  # set when only the lead organisation (another one) takes it


def next_step(case, user, tabs) -> NextStep | None:
    """The case's next step as `user` (who sees `tabs`) can act on it; None when the work is done."""
    for action in ACTIONS.values():
        if action.guide is None or case.status not in action.statuses:
            continue
        mine = action.tab in tabs and action.name in guard.allowed(case, user)
        url = None
        if mine:
            url = url_for("cases.show", case_id=case.id, tab=None if action.tab == "overview" else action.tab,
                          _anchor=action.anchor)
        by_lead = action.lead_only and user.org_id != case.lead_org_id
        return NextStep(action.name, str(action.guide), action.tab, str(CASE_SECTIONS[action.tab]), url,
                        case.lead_org.name if by_lead else None)
    return None


def next_step_message(step: NextStep | None) -> str | None:
    """The sentence shown after a step was taken."""
    if step is None:
        return None
    if step.lead_org:
        return _("Next step: %(step)s, by %(org)s.", step=step.label, org=step.lead_org)
    return _("Next step: %(step)s, on the %(tab)s tab.", step=step.label, tab=step.tab_label)
