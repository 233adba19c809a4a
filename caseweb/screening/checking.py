"""Checking an upload: column mapping, row-level validation, duplicate check, dong assignment.

Rows are checked in chunks (one request each) so that the page can show honest
progress; nothing becomes a list until every row is checked and the user saves.
"""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..crypto import RRNError, birth_date_of, blind_index, normalise_rrn
from ..extensions import db
from ..households.duplicates import find_duplicates, parse_query
from ..households.forms import RRN_ERRORS
from ..households.services import dong_names, normalise_name, phone_digits
from ..models import Household, Organization
from .files import seal_json, unseal_json

CHUNK = 2000
# Target field -> header words that usually name it in district lists.
FIELDS = {
    "name": (_l("Name"), ("성명", "이름", "대상자명", "세대주", "name")),
    "rrn": (_l("Resident registration number"), ("주민등록번호", "주민번호", "rrn")),
    "birth_date": (_l("Birth date"), ("생년월일", "생일", "birth")),
    "address": (_l("Address"), ("주소", "도로명주소", "거주지", "address")),
    "dong": (_l("Dong"), ("행정동", "동명", "관할동", "dong")),
    "phone": (_l("Phone"), ("연락처", "전화번호", "휴대폰", "전화", "phone")),
    "reason": (_l("Reason found"), ("발굴사유", "사유", "위기사유", "체납", "reason", "비고")),
}
REQUIRED = ("name",)
ROW_ERRORS = {
    "name_missing": _l("The name is empty."),
    "birth_date": _l("The birth date cannot be read (write it as 1950-03-15)."),
    "birth_mismatch": _l("The birth date does not match the resident registration number."),
    "phone": _l("The phone number should have 9 to 11 digits."),
    "dong_unknown": _l("There is no such dong in the district."),
    "too_long": _l("A value is too long."),
    "rrn_repeated": _l("The same resident registration number appears in an earlier row."),
    **{f"rrn_{code}": message for code, message in RRN_ERRORS.items()},
}
DATE_RE = re.compile(r"^(\d{4})[-./ ]?(\d{1,2})[-./ ]?(\d{1,2})\.?$")
LIMITS = {"name": 60, "address": 200, "phone": 30, "reason": 2000}


def guess_mapping(headers: list[str]) -> dict:
    """Target field -> column index, from the header words; unknown columns stay unmapped."""
    mapping = {}
    for field, (_label, words) in FIELDS.items():
        for index, header in enumerate(headers):
            text = re.sub(r"\s+", "", header).lower()
            if index not in mapping.values() and any(word in text for word in words):
                mapping[field] = index
                break
    return mapping


def parse_date(text: str) -> date | None:
    match = DATE_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def dong_offices() -> dict[str, int]:
    """Dong name -> its dong office's id."""
    return {dong: org_id for dong, org_id in db.session.execute(
        select(Organization.dong, Organization.id).where(
            Organization.kind == "dong_office", Organization.active.is_(True), Organization.dong.is_not(None)))}


def dong_from_address(address: str, dongs) -> str | None:
    """The district dong named in an address (longest name first: 한빛12동 before 한빛1동)."""
    for dong in dongs if isinstance(dongs, tuple) else sorted(dongs, key=len, reverse=True):
        if dong in address:
            return dong
    return None


def check_row(number: int, values: dict, offices: dict[str, int], rrn_allowed: bool) -> tuple[dict | None, list]:
    """(clean row or None, [(row, field, code), ...]) for one row's mapped values."""
    errors = []
    clean = {"row": number}
    for field, limit in LIMITS.items():
        text = (values.get(field) or "").strip()
        if len(text) > limit:
            errors.append((number, field, "too_long"))
        clean[field] = text or None
    if not clean["name"]:
        errors.append((number, "name", "name_missing"))
    digits = None
    raw_rrn = (values.get("rrn") or "").strip()
    if raw_rrn and rrn_allowed:
        try:
            digits = normalise_rrn(raw_rrn)
        except RRNError as exc:
            errors.append((number, "rrn", f"rrn_{exc.code}"))
    clean["rrn"] = digits
    born = None
    raw_birth = (values.get("birth_date") or "").strip()
    if raw_birth:
        try:
            born = parse_date(raw_birth)
        except ValueError:
            errors.append((number, "birth_date", "birth_date"))
    if digits:
        if born and born != birth_date_of(digits):
            errors.append((number, "birth_date", "birth_mismatch"))
        born = birth_date_of(digits)
    clean["birth_date"] = born.isoformat() if born else None
    if clean["phone"] and not 9 <= len(phone_digits(clean["phone"]) or "") <= 11:
        errors.append((number, "phone", "phone"))
    dong = (values.get("dong") or "").strip()
    if dong and dong not in offices:
        errors.append((number, "dong", "dong_unknown"))
    longest_first = tuple(sorted(offices, key=len, reverse=True))
    clean["dong"] = dong or (dong_from_address(clean["address"], longest_first) if clean["address"] else None)
    clean["org_id"] = offices.get(clean["dong"])
    return (None if errors else clean), errors


def born_on(clean: dict) -> date | None:
    return date.fromisoformat(clean["birth_date"]) if clean["birth_date"] else None


def possible_match(name, birth_date, rrn_digits, phone) -> tuple[int | None, list | None]:
    """The duplicate check's best match, kept only when it may be named to another organisation
    (name and number, or name and birth date, agree): a flag must not confirm a guessed number."""
    query = parse_query(name, birth_date, rrn_digits, phone, rrn_allowed=True)
    for match in find_duplicates(query) if query else []:
        if match.disclosable_elsewhere:
            return match.household_id, list(match.kinds)
    return None, None


def may_match(rows: list[dict]) -> list[dict]:
    """The rows that could have a match worth keeping, found with two batched lookups.

    A kept match needs the same name and the same number or birth date (possible_match),
    so only rows sharing a number's blind index, or a name and birth date, with some
    household go through the full duplicate check; the rest cannot match.
    """
    indexes = {r["row"]: blind_index(r["rrn"]) for r in rows if r["rrn"]}
    names = {normalise_name(r["name"]) for r in rows}
    known_indexes = set(db.session.scalars(select(Household.rrn_blind_index).where(
        Household.rrn_blind_index.in_(list(indexes.values()))))) if indexes else set()
    known_people = set(db.session.execute(select(Household.head_name_norm, Household.birth_date).where(
        Household.head_name_norm.in_(list(names))))) if names else set()
    return [r for r in rows if indexes.get(r["row"]) in known_indexes
            or (normalise_name(r["name"]), born_on(r)) in known_people]


def check_chunk(imp, rrn_allowed: bool, size: int = CHUNK) -> None:
    """Check the next `size` rows of an upload; flags possible matches through the duplicate check."""
    rows = unseal_json(imp.rows_sealed)
    done = unseal_json(imp.result_sealed)
    errors = list(imp.errors or [])
    offices = dong_offices()
    seen = {row["rrn"]: row["row"] for row in done if row.get("rrn")}
    mapping = {field: int(index) for field, index in (imp.mapping or {}).items()}
    start = imp.checked
    fresh = []
    for offset, raw in enumerate(rows[start:start + size]):
        number = start + offset + 2  # the spreadsheet's row number: row 1 is the header
        values = {field: raw[index] if index < len(raw) else "" for field, index in mapping.items()}
        clean, row_errors = check_row(number, values, offices, rrn_allowed)
        if clean and clean["rrn"] in seen:
            clean, row_errors = None, [(number, "rrn", "rrn_repeated")]
        errors.extend(row_errors)
        if clean is None:
            continue
        if clean["rrn"]:
            seen[clean["rrn"]] = number
        clean["match"] = clean["kinds"] = None
        fresh.append(clean)
    for clean in may_match(fresh):
        clean["match"], clean["kinds"] = possible_match(clean["name"], born_on(clean), clean["rrn"], clean["phone"])
    done.extend(fresh)
    imp.checked = min(start + size, len(rows))
    imp.errors = errors
    imp.result_sealed = seal_json(done)
    if imp.checked >= len(rows):
        imp.status = "ready"


def summary(imp) -> dict:
    """Counts for the preview: valid rows, errors, possible matches, rows per dong office."""
    done = unseal_json(imp.result_sealed)
    per_org = {}
    for row in done:
        per_org[row.get("org_id")] = per_org.get(row.get("org_id"), 0) + 1
    names = dict(db.session.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_([k for k in per_org if k]))).all())
    return {"valid": len(done), "errors": len(imp.errors or []),
            "error_rows": len({e[0] for e in imp.errors or []}),
            "matches": sum(1 for row in done if row.get("match")),
            "per_org": sorted(((names.get(k), n) for k, n in per_org.items()), key=lambda x: (x[0] is None, x[0] or "")),
            "sample": done[:10]}
