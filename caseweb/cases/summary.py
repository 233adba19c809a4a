"""A case on one page, as the reader may see it: the conference's agenda summary and the case print.

A partner sees only the case sections it was given (authz.case_sections), as on the case page: the
others are marked restricted, never filled in. Contact notes follow the notes tab's rule.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authz import case_sections
from ..extensions import db
from ..models import Case, Note, Plan
from ..models.records import NEED_DOMAINS
from ..timeutil import seoul_today
from .assessments import latest
from .facts import age_on

SUB_LABELS = {key: (domain_label, label) for domain_label, subs in NEED_DOMAINS.values() for key, label in subs.items()}


def _needs(assessment) -> list[tuple]:
    """(domain, sub-domain, level) of the medium and high needs, highest first."""
    return sorted(((SUB_LABELS[k][0], SUB_LABELS[k][1], v) for k, v in (assessment.needs or {}).items()
                   if k in SUB_LABELS and v >= 2), key=lambda n: -n[2])


def _recent_notes(case, org_id: int, own_only: bool, limit: int) -> list[Note]:
    query = select(Note).where(Note.case_id == case.id)
    if own_only:
        query = query.where(Note.org_id == org_id)
    return db.session.scalars(query.options(selectinload(Note.author), selectinload(Note.org))
                              .order_by(Note.contact_on.desc(), Note.id.desc()).limit(limit)).all()


def case_summary(case: Case, org_id: int, notes: int = 0) -> dict:
    """The summary's data; with `notes`, that many of the newest contact notes the reader may read."""
    sections = case_sections(org_id, case)

    def sees(section: str) -> bool:
        return sections is None or section in sections

    household = case.household
    summary = {"case": case, "household": household, "age": age_on(household.birth_date, seoul_today()),
               "assessment": None, "needs": [], "plan": None, "team": [t for t in case.team if t.active],
               "restricted": {s for s in ("overview", "assessment", "plan", "notes") if not sees(s)}, "notes": []}
    if sees("assessment"):
        summary["assessment"] = latest(case)
        if summary["assessment"]:
            summary["needs"] = _needs(summary["assessment"])
    if sees("plan"):
        summary["plan"] = db.session.scalar(select(Plan).where(Plan.case_id == case.id)
                                            .options(selectinload(Plan.goals), selectinload(Plan.services))
                                            .order_by(Plan.planned_on.desc(), Plan.id.desc()).limit(1))
    if notes:  # a partner without the notes section reads its own organisation's notes, as on the tab
        summary["notes"] = _recent_notes(case, org_id, not sees("notes"), notes)
    return summary
