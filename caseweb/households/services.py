"""Household rules: registration, editing, the visible list, the household's cases."""
import re
import unicodedata

from flask import url_for
from sqlalchemy import select, union
from sqlalchemy.orm import selectinload

from .. import memo, numbering
from ..authz import visible_case_clause, visible_household_clause
from ..crypto import birth_date_of, gender_of, protect_rrn
from ..extensions import db
from ..models import Case, CaseTeam, Household, HouseholdMember, Organization
from ..models.org import PROGRAMMES
from ..timeutil import utcnow

FIELDS = ("birth_date", "gender", "address", "dong", "phone", "household_type", "income_status", "notes")


class StaleEdit(Exception):
    """The form was filled in from an older version of the household."""


def normalise_name(name: str) -> str:
    """Hangul names compared without spaces or punctuation, in NFC."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", name or "")).lower()


def phone_digits(phone: str | None) -> str | None:
    return re.sub(r"\D", "", phone or "") or None


def dong_names() -> list[str]:
    """The dongs of the district: one per dong office (kept for a minute: caseweb/memo.py)."""
    def load():
        names = db.session.scalars(
            select(Organization.dong).where(Organization.kind == "dong_office", Organization.dong.is_not(None),
                                            Organization.dong != "").distinct())
        # Natural order: 한빛2동 before 한빛10동.
        return sorted(names, key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])
    return list(memo.remember("dong_names", load))



def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _fill(household: Household, data: dict, members: list[dict], rrn_digits: str | None) -> None:
    household.head_name = data["head_name"].strip()
    household.head_name_norm = normalise_name(household.head_name)
    for name in FIELDS:
        setattr(household, name, _clean(data.get(name)))
    household.phone_digits = phone_digits(household.phone)
    if rrn_digits:
        for column, value in protect_rrn(rrn_digits).items():
            setattr(household, column, value)
        household.birth_date = birth_date_of(rrn_digits)
        household.gender = gender_of(rrn_digits)
    household.members = [HouseholdMember(**row) for row in members]


def register_household(data: dict, members: list[dict], rrn_digits: str | None, org_id: int) -> Household:
    """A new household of `org_id`; a number taken by a concurrent insert is retried."""
    def build(number: str) -> Household:
        household = Household(created_by_org_id=org_id, number=number)
        _fill(household, data, members, rrn_digits)
        return household
    household = numbering.insert_numbered(build, Household.number, "H")
    if household is None:
        raise RuntimeError("could not allocate a household number")
    return household


def update_household(household: Household, data: dict, members: list[dict], rrn_digits: str | None,
                     posted_version) -> Household:
    """Apply an edit made on version `posted_version`; StaleEdit if it is no longer current."""
    if str(posted_version or "") != str(household.version):
        raise StaleEdit()
    with db.session.no_autoflush:  # one UPDATE, so one version step per edit
        _fill(household, data, members, rrn_digits)
        household.updated_at = utcnow()  # bump the version also for member-only edits
    db.session.flush()
    return household


def visible_households(org_id: int, q: str = "", page: int = 1, per_page: int = 25):
    """(households on this page, whether there is a next page) for `org_id`, filtered by `q`."""
    stmt = select(Household).where(Household.id.in_(_candidate_ids(org_id)),
                                   visible_household_clause(org_id))
    q = (q or "").strip()
    if q:
        if re.match(r"^h-", q, re.IGNORECASE):
            stmt = stmt.where(Household.number.startswith(q.upper(), autoescape=True))
        elif q.isdigit():
            stmt = stmt.where(Household.number.endswith(q, autoescape=True))
        else:
            # Substring, not trigram: given names are often two syllables (영희).
            stmt = stmt.where(Household.head_name_norm.contains(normalise_name(q), autoescape=True))
    rows = list(db.session.scalars(
        stmt.order_by(Household.id.desc()).offset((page - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page


def _candidate_ids(org_id: int):
    """Index-friendly superset of the visible households (registered here, or a case team member).

    visible_household_clause stays the rule; this only spares a scan of every household.
    """
    return union(
        select(Household.id).where(Household.created_by_org_id == org_id),
        select(Case.household_id).where(Case.lead_org_id == org_id),
        select(Case.household_id).join(CaseTeam, CaseTeam.case_id == Case.id).where(CaseTeam.org_id == org_id),
    )


def household_cases(household: Household, org_id: int) -> list[dict]:
    """Every programme's case of the household; only programme and organisation for hidden ones."""
    cases = db.session.scalars(
        select(Case).where(Case.household_id == household.id)
        .options(selectinload(Case.lead_org), selectinload(Case.manager))
        .order_by(Case.found_on.desc(), Case.id.desc())).all()
    visible = set(db.session.scalars(
        select(Case.id).where(Case.household_id == household.id, visible_case_clause(org_id))))
    rows = []
    for case in cases:
        row = {"visible": case.id in visible, "programme": programme_label(case.programme),
               "org_name": case.lead_org.name, "org_phone": case.lead_org.phone}
        if row["visible"]:
            row.update(url=url_for("cases.show", case_id=case.id), number=case.number, status=case.status_label,
                       found_on=case.found_on, manager=case.manager.name if case.manager else None)
        rows.append(row)
    return rows


def programme_label(programme: str | None):
    return PROGRAMMES.get(programme, programme or "")
