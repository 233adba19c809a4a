"""중복 확인: is this person already served, here or by another organisation?

Candidates are narrowed only through indexed columns (blind index, birth date,
phone digits), so the check stays fast with a million households. A household the
user may not open is disclosed only when the name agrees as well (RRN + name, or
name + birth date): a number alone answers nothing, so the check is no RRN oracle.
Even then the answer names only programme, organisation, case manager's work
contact and since-when — and for sensitive programmes (SENSITIVE_PROGRAMMES) only
"managed by another organisation" with the district's coordinating contact. Never
address, RRN, members or case content. Nothing is merged automatically.
"""
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from rapidfuzz.distance import Levenshtein
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit import log_access
from ..authz import visible_household_clause
from ..crypto import RRNError, birth_date_of, blind_index, normalise_rrn
from ..extensions import db
from ..models import Case, Household, Organization
from ..models.org import SENSITIVE_PROGRAMMES
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
    name_agrees: bool = False  # the typed name equals the household head's (normalised)

    @property
    def disclosable_elsewhere(self) -> bool:
        """May another organisation's household be named? Only when name and number or birth date agree."""
        return self.name_agrees and ("rrn" in self.kinds or "name_birth" in self.kinds)


@dataclass
class Query:
    """What was typed, parsed: normalised name, birth date, RRN digits, phone digits."""
    name_norm: str
    birth_date: date | None
    rrn_digits: str | None
    phone_digits: str | None

    @property
    def looks_anything_up(self) -> bool:
        """A query that reaches the database (and so counts against the limit)."""
        return bool(self.rrn_digits or (self.name_norm and (self.birth_date or self.phone_digits)))

    @property
    def rrn_blind_index(self) -> str | None:
        return blind_index(self.rrn_digits) if self.rrn_digits else None

    def fingerprint(self) -> str:
        """Identifies a repeated query (the same fields sent again) without holding the RRN."""
        return "|".join([self.name_norm, str(self.birth_date or ""), self.rrn_blind_index or "",
                         self.phone_digits or ""])


def jamo(text: str) -> str:
    """Hangul syllables split into jamo, so 희 and 혜 differ by one letter, not one syllable."""
    return unicodedata.normalize("NFD", text)


def similar_names(a: str, b: str) -> bool:
    """Close enough to be the same person mistyped: <= 2 jamo or <= 1 syllable apart.

    rapidfuzz's Levenshtein (C, stops past the cutoff): every candidate sharing a birth
    date is compared, and in a district of a million there are dozens of them.
    """
    if not a or not b:
        return False
    return (Levenshtein.distance(jamo(a), jamo(b), score_cutoff=2) <= 2
            or Levenshtein.distance(a, b, score_cutoff=1) <= 1)


def parse_query(name, birth_date, rrn_raw, phone, rrn_allowed: bool) -> Query | None:
    """The typed fields made comparable; None when nothing identifying was entered."""
    digits = None
    if rrn_raw and rrn_allowed:
        try:
            digits = normalise_rrn(rrn_raw)
        except RRNError:
            digits = None
        else:
            birth_date = birth_date or birth_date_of(digits)
    norm = normalise_name(name or "")
    if not digits and not norm:
        return None
    phone = phone_digits(phone)
    return Query(norm, birth_date, digits, phone if phone and len(phone) >= MIN_PHONE_DIGITS else None)


def find_duplicates(query: Query) -> list[Match]:
    """Matches in order: same RRN, same name + birth date, similar name + same birth date or phone."""
    found: dict[int, Match] = {}
    norm = query.name_norm

    def add(household_id, kind, other_name):
        match = found.setdefault(household_id, Match(household_id))
        if kind not in match.kinds:
            match.kinds.append(kind)
        match.name_agrees = match.name_agrees or bool(norm and other_name == norm)

    if query.rrn_digits:
        for hid, other in db.session.execute(select(Household.id, Household.head_name_norm).where(
                Household.rrn_blind_index == query.rrn_blind_index).limit(CANDIDATE_LIMIT)):
            add(hid, "rrn", other)
    if norm:
        by_birth, by_phone = [], []
        if query.birth_date:
            by_birth = db.session.execute(select(Household.id, Household.head_name_norm).where(
                Household.birth_date == query.birth_date).limit(CANDIDATE_LIMIT)).all()
        if query.phone_digits:
            by_phone = db.session.execute(select(Household.id, Household.head_name_norm).where(
                Household.phone_digits == query.phone_digits).limit(CANDIDATE_LIMIT)).all()
        for hid, other in by_birth:
            if other == norm:
                add(hid, "name_birth", other)
        for hid, other in by_birth + by_phone:
            if hid not in found and similar_names(norm, other):
                add(hid, "similar_name", other)
    order = {"rrn": 0, "name_birth": 1, "similar_name": 2}
    return sorted(found.values(), key=lambda m: min(order[k] for k in m.kinds))


def describe(matches: list[Match], org_id: int) -> list[dict]:
    """What the user may learn: a link to their own household, or who serves a disclosable one.

    Another organisation's household that agrees only by number, or only by a similar
    name, is left out altogether: the answer must not confirm a guessed RRN.
    """
    if not matches:
        return []
    ids = [m.household_id for m in matches]
    visible = set(db.session.scalars(
        select(Household.id).where(Household.id.in_(ids), visible_household_clause(org_id))))
    shown = [m for m in matches if m.household_id in visible or m.disclosable_elsewhere]
    households = {h.id: h for h in db.session.scalars(
        select(Household).where(Household.id.in_([m.household_id for m in shown])))}
    result = []
    for match in shown:
        household = households[match.household_id]
        row = {"household_id": household.id, "kinds": [MATCH_KINDS[k] for k in match.kinds],
               "kind_codes": list(match.kinds), "visible": household.id in visible}
        if row["visible"]:
            row.update(number=household.number, head_name=household.head_name)
        else:
            row["services"], row["managed_elsewhere"] = _who_serves(household)
        result.append(row)
    return result


def _is_sensitive(programme: str | None, org: Organization | None) -> bool:
    return programme in SENSITIVE_PROGRAMMES or bool(org and org.programme in SENSITIVE_PROGRAMMES)


def coordinating_contact() -> dict:
    """The district's coordinating team (희망복지지원단: the district-kind organisation)."""
    org = db.session.scalar(select(Organization).where(
        Organization.kind == "district", Organization.active.is_(True)).order_by(Organization.id).limit(1))
    return {"org_name": org.name if org else None, "phone": org.phone if org else None}


def _who_serves(household: Household) -> tuple[list[dict], dict | None]:
    """Programme, organisation, case manager's work contact and since-when; nothing else.

    Cases of a sensitive programme are not listed: they become one "managed by another
    organisation" note with the coordinating contact (the second element).
    """
    cases = db.session.scalars(
        select(Case).where(Case.household_id == household.id)
        .options(selectinload(Case.lead_org), selectinload(Case.manager))
        .order_by(Case.found_on.desc())).all()
    rows, elsewhere = [], False
    for case in cases:
        if _is_sensitive(case.programme, case.lead_org):
            elsewhere = True
            continue
        manager = case.manager
        rows.append({"programme": programme_label(case.programme), "org_name": case.lead_org.name,
                     "manager": manager.name if manager else None,
                     "phone": (manager.phone if manager and manager.phone else None) or case.lead_org.phone,
                     "since": case.found_on})
    if not cases and household.created_by_org_id:
        org = db.session.get(Organization, household.created_by_org_id)
        if _is_sensitive(None, org):
            elsewhere = True
        else:
            rows.append({"programme": None, "org_name": org.name, "manager": None, "phone": org.phone,
                         "since": to_seoul(household.created_at).date() if household.created_at else None})
    return rows, (coordinating_contact() if elsewhere else None)


def log_check(query: Query, results: list[dict]) -> None:
    """One access-log row per household shown (the match kinds as reason), or one for none.

    Every row carries the blind index of a typed RRN (never the number), so an
    administrator can see who looked for the same person.
    """
    target = f"rrn_bi:{query.rrn_blind_index}" if query.rrn_digits else None
    if not results:
        log_access("duplicate_check", reason="none", target=target)
    for row in results:
        log_access("duplicate_check", household_id=row["household_id"], target=target,
                   reason=",".join(row["kind_codes"]))


def run_check(query: Query, org_id: int) -> list[dict]:
    """Find, log and describe matches."""
    results = describe(find_duplicates(query), org_id)
    log_check(query, results)
    return results
