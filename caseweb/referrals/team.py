"""A partner's sections: the lead widens or narrows what a partner on the team may see.

Whatever the sections, a partner always writes (and reads) its own contact notes: the
sections decide what of the lead's record it reads. Every change is a case history entry.
"""
from flask_babel import gettext as _
from sqlalchemy import select

from .. import authz
from ..audit import log_access
from ..cases.changes import finish
from ..extensions import db
from ..models import Case, CaseTeam
from ..models.transition import CASE_SECTIONS
from .services import TransitionRefused


def partner_row(case: Case, org_id: int) -> CaseTeam | None:
    return db.session.scalar(select(CaseTeam).where(
        CaseTeam.case_id == case.id, CaseTeam.org_id == org_id, CaseTeam.role == "partner",
        CaseTeam.active.is_(True)))


def set_sections(case: Case, user, org_id: int, sections) -> CaseTeam:
    """Change the sections an active partner may see; only the lead organisation's workers may."""
    if not authz.may_send(case, user):
        raise TransitionRefused(_("Only the lead organisation can do this."))
    row = partner_row(case, org_id)
    if row is None:
        raise TransitionRefused(_("This organisation is not a partner on the case team."))
    chosen = [key for key in CASE_SECTIONS if key in set(sections or ())]
    if not chosen:
        raise TransitionRefused(_("Choose at least one section."))
    old = [key for key in CASE_SECTIONS if key in set(row.sections or CASE_SECTIONS)]
    if old == chosen:
        return row
    row.sections = chosen
    finish(case, user, "team_sections", {"partner_org_id": [None, org_id], "sections": [old, chosen]})
    log_access("case_team_sections", household_id=case.household_id, case_id=case.id, target=f"org:{org_id}")
    return row
