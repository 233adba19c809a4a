"""중복 확인: is this person already served, here or by another organisation?

Candidates are narrowed only through indexed columns (blind index, birth date,
phone digits), so the check stays fast with a million households. For a
household the user may not open, the answer names only programme, organisation,
case manager's work contact and since-when: never address, RRN, members or case
content. Nothing is merged automatically.
"""
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit import log_access
from ..authz import visible_household_clause
from ..crypto import RRNError, birth_date_of, blind_index, normalise_rrn
from ..extensions import db
from ..models import Case, Household, Organization
from ..timeutil import to_seoul
from .services import normalise_name, phone_digits, programme_label

MATCH_KINDS = {
    "rrn": _l("Same resident registration number"),
    "name_birth": _l("Same name and birth date"),
    "similar_name": _l("Similar name"),
}
CANDIDATE_LIMIT = 200  # per indexed lookup; a birth date shared by more people is rare
MIN_PHONE_DIGITS = 7


@dataclass
class Match:
    household_id: int
    kinds: list[str] = field(default_factory=list)


def jamo(text: str) -> str:
    """Hangul syllables split into jamo, so 희 and 혜 differ by one letter, not one syllable."""
    return unicodedata.normalize("NFD", text)


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similar_names(a: str, b: str) -> bool:
    """Close enough to be the same person mistyped: <= 2 jamo or <= 1 syllable apart."""
    if not a or not b:
        return False
    return levenshtein(jamo(a), jamo(b)) <= 2 or levenshtein(a, b) <= 1


def find_duplicates(name: str | None, birth_date: date | None, rrn_digits: str | None,
                    phone: str | None) -> list[Match]:
    """Matches in order: same RRN, same name + birth date, similar name + same birth date or phone."""
    found: dict[int, Match] = {}

    def add(household_id, kind):
        match = found.setdefault(household_id, Match(household_id))
        if kind not in match.kinds:
            match.kinds.append(kind)

    if rrn_digits:
        for hid in db.session.scalars(select(Household.id).where(
                Household.rrn_blind_index == blind_index(rrn_digits)).limit(CANDIDATE_LIMIT)):
            add(hid, "rrn")
    norm = normalise_name(name or "")
    if norm:
        by_birth, by_phone = [], []
        if birth_date:
            by_birth = db.session.execute(select(Household.id, Household.head_name_norm).where(
                Household.birth_date == birth_date).limit(CANDIDATE_LIMIT)).all()
        digits = phone_digits(phone)
        if digits and len(digits) >= MIN_PHONE_DIGITS:
            by_phone = db.session.execute(select(Household.id, Household.head_name_norm).where(
                Household.phone_digits == digits).limit(CANDIDATE_LIMIT)).all()
        for hid, other in by_birth:
            if other == norm:
                add(hid, "name_birth")
        for hid, other in by_birth + by_phone:
            if hid not in found and similar_names(norm, other):
                add(hid, "similar_name")
    order = {"rrn": 0, "name_birth": 1, "similar_name": 2}
    return sorted(found.values(), key=lambda m: min(order[k] for k in m.kinds))


def describe(matches: list[Match], org_id: int) -> list[dict]:
    """What the user may learn about each match: a link, or only who serves the person."""
    if not matches:
        return []
    ids = [m.household_id for m in matches]
    visible = set(db.session.scalars(
        select(Household.id).where(Household.id.in_(ids), visible_household_clause(org_id))))
    households = {h.id: h for h in db.session.scalars(select(Household).where(Household.id.in_(ids)))}
    result = []
    for match in matches:
        household = households[match.household_id]
        row = {"household_id": household.id, "kinds": [MATCH_KINDS[k] for k in match.kinds],
               "visible": household.id in visible}
        if row["visible"]:
            row.update(number=household.number, head_name=household.head_name)
        else:
            row["services"] = _who_serves(household)
        result.append(row)
    return result


def _who_serves(household: Household) -> list[dict]:
    """Programme, organisation, case manager's work contact and since-when; nothing else."""
    cases = db.session.scalars(
        select(Case).where(Case.household_id == household.id)
        .options(selectinload(Case.lead_org), selectinload(Case.manager))
        .order_by(Case.found_on.desc())).all()
    rows = []
    for case in cases:
        manager = case.manager
        rows.append({"programme": programme_label(case.programme), "org_name": case.lead_org.name,
                     "manager": manager.name if manager else None,
                     "phone": (manager.phone if manager and manager.phone else None) or case.lead_org.phone,
                     "since": case.found_on})
    if not rows and household.created_by_org_id:
        org = db.session.get(Organization, household.created_by_org_id)
        rows.append({"programme": None, "org_name": org.name, "manager": None, "phone": org.phone,
                     "since": to_seoul(household.created_at).date() if household.created_at else None})
    return rows


def log_check(matches: list[Match]) -> None:
    """One access-log row per matched household (the match kinds as reason), or one for none."""
    if not matches:
        log_access("duplicate_check", reason="none")
    for match in matches:
        log_access("duplicate_check", household_id=match.household_id, reason=",".join(match.kinds))


def run_check(name, birth_date, rrn_raw, phone, org_id: int, rrn_allowed: bool) -> list[dict] | None:
    """Find, log and describe matches; None when nothing identifying was entered."""
    digits = None
    if rrn_raw and rrn_allowed:
        try:
            digits = normalise_rrn(rrn_raw)
        except RRNError:
            digits = None
        else:
            birth_date = birth_date or birth_date_of(digits)
    if not digits and not normalise_name(name or ""):
        return None
    matches = find_duplicates(name, birth_date, digits, phone)
    log_check(matches)
    return describe(matches, org_id)
