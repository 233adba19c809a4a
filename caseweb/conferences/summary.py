"""The one-page case summary for an agenda item, prepared from the case as the reader may see it.

A partner sees only the case sections it was given (authz.case_sections), as on the case page.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authz import case_sections
from ..extensions import db
from ..models import Assessment, Case, Plan
from ..models.records import NEED_DOMAINS
from ..timeutil import seoul_today

SUB_LABELS = {key: (domain_label, label) for domain_label, subs in NEED_DOMAINS.values() for key, label in subs.items()}


def case_summary(case: Case, org_id: int) -> dict:
    sections = case_sections(org_id, case)
    household = case.household
    age = None
    if household.birth_date:
        today = seoul_today()
        b = household.birth_date
        age = today.year - b.year - ((today.month, today.day) < (b.month, b.day))
    summary = {"case": case, "household": household, "age": age, "assessment": None, "needs": [], "plan": None,
               "team": [t for t in case.team if t.active]}
    if sections is None or "assessment" in sections:
        assessment = db.session.scalar(select(Assessment).where(Assessment.case_id == case.id)
                                       .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(1))
        summary["assessment"] = assessment
        if assessment:
            summary["needs"] = sorted(((SUB_LABELS[k][0], SUB_LABELS[k][1], v)
                                       for k, v in (assessment.needs or {}).items() if k in SUB_LABELS and v >= 2),
                                      key=lambda n: -n[2])
    if sections is None or "plan" in sections:
        summary["plan"] = db.session.scalar(select(Plan).where(Plan.case_id == case.id)
                                            .options(selectinload(Plan.goals), selectinload(Plan.services))
                                            .order_by(Plan.planned_on.desc(), Plan.id.desc()).limit(1))
    return summary
