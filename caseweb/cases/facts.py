"""What a worker looks at first about a household: age, top needs, the team's latest contact.

Loaded for many cases at once (the 오늘 방문 cards) or one (the case header), in a fixed
number of queries. What a partner sees follows its sections: needs only with the assessment
section, address and phone only with the overview.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..authz import case_sections
from ..extensions import db
from ..models import Assessment, Note, Organization
from ..models.records import NEED_DOMAINS, NOTE_KINDS

SUB_LABELS = {key: label for _domain, subs in NEED_DOMAINS.values() for key, label in subs.items()}


@dataclass
class Facts:
    age: int | None
    needs: list[str]  # the top three sub-domains of the latest assessment, highest need first
    last_contact_on: date | None
    last_contact_org: str
    show_contact_details: bool  # address and phone


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def top_needs(needs: dict | None, limit: int = 3) -> list[str]:
    ranked = sorted(((level, key) for key, level in (needs or {}).items()
                     if isinstance(level, int) and level >= 2 and key in SUB_LABELS), key=lambda p: (-p[0], p[1]))
    return [str(SUB_LABELS[key]) for _level, key in ranked[:limit]]


def _latest_assessments(case_ids) -> dict[int, dict]:
    latest = (select(Assessment.case_id, func.max(Assessment.id).label("id"))
              .where(Assessment.case_id.in_(case_ids)).group_by(Assessment.case_id).subquery())
    rows = db.session.execute(select(Assessment.case_id, Assessment.needs).join(latest, latest.c.id == Assessment.id))
    return {case_id: needs for case_id, needs in rows}


def _latest_contacts(case_ids) -> dict[int, tuple[date, str]]:
    """The newest contact note of each case, by any organisation: (date, organisation name)."""
    ranked = (select(Note.case_id, Note.contact_on, Note.org_id,
                     func.row_number().over(partition_by=Note.case_id,
                                            order_by=(Note.contact_on.desc(), Note.id.desc())).label("n"))
              .where(Note.case_id.in_(case_ids)).subquery())
    rows = db.session.execute(select(ranked.c.case_id, ranked.c.contact_on, Organization.name)
                              .outerjoin(Organization, Organization.id == ranked.c.org_id).where(ranked.c.n == 1))
    return {case_id: (day, name or "") for case_id, day, name in rows}


@dataclass(frozen=True)
class Contact:
    org: str
    on: date
    kind: str  # the note's kind label ("" when the reader may not read that organisation's notes)


def contacts_by_org(case, notes_of: int | None = None) -> list[Contact]:
    """Each organisation's newest contact with the household on this case, newest first (the team's view).

    With `notes_of` (a partner that reads only its own notes) the others' contacts keep their date only.
    """
    ranked = (select(Note.org_id, Note.contact_on, Note.kind,
                     func.row_number().over(partition_by=Note.org_id,
                                            order_by=(Note.contact_on.desc(), Note.id.desc())).label("n"))
              .where(Note.case_id == case.id).subquery())
    rows = db.session.execute(select(Organization.id, Organization.name, ranked.c.contact_on, ranked.c.kind)
                              .join(Organization, Organization.id == ranked.c.org_id).where(ranked.c.n == 1)
                              .order_by(ranked.c.contact_on.desc(), Organization.name))
    return [Contact(name, day, str(NOTE_KINDS.get(kind, kind)) if notes_of in (None, org_id) else "")
            for org_id, name, day, kind in rows]


def facts_for(cases, org_id: int, today: date) -> dict[int, Facts]:
    """Facts per case id, as organisation `org_id` may see them."""
    ids = [c.id for c in cases]
    if not ids:
        return {}
    assessments, contacts = _latest_assessments(ids), _latest_contacts(ids)
    result = {}
    for case in cases:
        sections = case_sections(org_id, case)
        day, org = contacts.get(case.id, (case.last_contact_on, ""))
        result[case.id] = Facts(
            age=age_on(case.household.birth_date, today),
            needs=top_needs(assessments.get(case.id)) if sections is None or "assessment" in sections else [],
            last_contact_on=day, last_contact_org=org,
            show_contact_details=sections is None or "overview" in sections)
    return result
