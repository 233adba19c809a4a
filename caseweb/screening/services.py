"""Screening rules: saving a checked upload, manual entries, assignment, outcomes, intake.

Services flush, never commit. Who may see an entry: its assigned dong office and the
organisation that uploaded its list (see the discovery-list section of authz.py).
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, insert, select

from ..audit import log_access
from ..authz import visible_household_clause
from ..cases.changes import WorkflowError
from ..cases.opening import create_case
from ..crypto import birth_date_of, decrypt_rrn, protect_rrn
from ..extensions import db
from ..households.services import normalise_name, register_household
from ..models import Household, Organization, ScreeningEntry, ScreeningList, User
from ..models.org import PROGRAMMES
from ..models.screening import OUTCOMES
from ..timeutil import seoul_today
from .checking import dong_offices, possible_match
from .files import unseal_json

ENTRY_COLUMNS = ("name", "address", "dong", "phone", "reason")


class ScreeningError(WorkflowError):
    """A refused screening change; the message is shown to the user."""


def save_import(imp, user) -> ScreeningList:
    """The checked upload becomes a list with its entries, all in one go; the sealed rows are dropped."""
    if imp.status != "ready":
        raise ScreeningError(_("The list is still being checked."))
    if imp.errors:
        raise ScreeningError(_("Fix the rows with errors in the file and upload it again; nothing was saved."))
    rows = unseal_json(imp.result_sealed)
    screening_list = ScreeningList(title=imp.title, source=imp.source, org_id=imp.org_id,
                                   uploaded_by_id=user.id, received_on=imp.received_on)
    db.session.add(screening_list)
    db.session.flush()
    values = []
    for row in rows:
        entry = {column: row.get(column) for column in ENTRY_COLUMNS}
        entry.update(list_id=screening_list.id, row_number=row["row"], name_norm=normalise_name(row["name"]),
                     birth_date=date.fromisoformat(row["birth_date"]) if row.get("birth_date") else None,
                     assigned_org_id=row.get("org_id"), match_household_id=row.get("match"),
                     match_kinds=row.get("kinds"), rrn_encrypted=None, rrn_blind_index=None, rrn_masked=None)
        if row.get("rrn"):
            entry.update(protect_rrn(row["rrn"]))
        values.append(entry)
    for start in range(0, len(values), 1000):
        db.session.execute(insert(ScreeningEntry), values[start:start + 1000])
    for household_id in sorted({row["match"] for row in rows if row.get("match")}):
        log_access("duplicate_check", household_id=household_id, reason="screening_import")
    log_access("screening_import", target=f"screening_list:{screening_list.id}", reason=str(len(values)))
    imp.rows_sealed = imp.result_sealed = None
    imp.status, imp.list_id = "saved", screening_list.id
    db.session.flush()
    return screening_list


def manual_list(org_id: int, user, on: date) -> ScreeningList:
    """The organisation's list of reports taken by hand this year (a neighbour's call …)."""
    title = f"직접 접수 {on.year}"  # data, not UI text: the same title whatever the reader's language
    found = db.session.scalar(select(ScreeningList).where(
        ScreeningList.org_id == org_id, ScreeningList.manual.is_(True), ScreeningList.title == title))
    if found:
        return found
    created = ScreeningList(title=title, source="neighbour", org_id=org_id, uploaded_by_id=user.id,
                            received_on=on, manual=True)
    db.session.add(created)
    db.session.flush()
    return created


def add_manual_entry(user, data: dict, rrn_digits: str | None) -> ScreeningEntry:
    """One reported household, assigned to the dong office of its dong (or kept by the reporter's office)."""
    today = seoul_today()
    offices = dong_offices()
    born = birth_date_of(rrn_digits) if rrn_digits else data.get("birth_date")
    entry = ScreeningEntry(list_id=manual_list(user.org_id, user, today).id, name=data["name"].strip(),
                           name_norm=normalise_name(data["name"]), birth_date=born,
                           address=data.get("address") or None, dong=data.get("dong") or None,
                           phone=data.get("phone") or None, reason=data.get("reason") or None,
                           assigned_org_id=offices.get(data.get("dong")) or user.org_id)
    if rrn_digits:
        for column, value in protect_rrn(rrn_digits).items():
            setattr(entry, column, value)
    entry.match_household_id, entry.match_kinds = possible_match(entry.name, born, rrn_digits, entry.phone)
    if entry.match_household_id:
        log_access("duplicate_check", household_id=entry.match_household_id, reason="screening_entry")
    db.session.add(entry)
    db.session.flush()
    return entry


def can_change(entry: ScreeningEntry, user) -> bool:
    """The assigned office screens; an unassigned entry stays with the uploading organisation."""
    owner = entry.assigned_org_id or entry.list.org_id
    return user.can_write and user.org_id == owner


def assign(entry: ScreeningEntry, user, org_id: int | None, worker_id: int | None) -> None:
    """Send an entry to a dong office (the uploader) and/or to one of the office's workers."""
    if org_id and org_id != entry.assigned_org_id:
        if user.org_id != entry.list.org_id or not user.can_write:
            raise ScreeningError(_("Only the organisation that uploaded the list can send entries elsewhere."))
        office = db.session.get(Organization, org_id)
        if office is None or office.kind != "dong_office":
            raise ScreeningError(_("Choose a dong office."))
        entry.assigned_org_id, entry.worker_id = office.id, None
        return
    if not can_change(entry, user):
        raise ScreeningError(_("Only the assigned dong office can assign a worker."))
    worker = db.session.get(User, worker_id) if worker_id else None
    if worker_id and (worker is None or worker.org_id != user.org_id or not worker.can_write):
        raise ScreeningError(_("Choose a worker of your organisation."))
    entry.worker_id = worker.id if worker else None


def record_outcome(entry: ScreeningEntry, user, outcome: str, on: date, note: str | None) -> None:
    """The result of checking an entry. 사례관리 대상 opens no case by itself: the worker reviews the
    intake registration form filled in from the entry and submits it (`open_intake`)."""
    if not can_change(entry, user):
        raise ScreeningError(_("Only the assigned dong office can record the result."))
    if outcome not in OUTCOMES:
        raise ScreeningError(_("Choose a result."))
    if entry.case_id and outcome != "case_management":
        raise ScreeningError(_("A case was already opened from this entry; change it on the case."))
    entry.outcome, entry.outcome_on, entry.outcome_note = outcome, on, (note or "").strip() or None
    entry.outcome_by_id = user.id
    if entry.worker_id is None:
        entry.worker_id = user.id
    db.session.flush()


def awaits_intake(entry: ScreeningEntry, user) -> bool:
    """사례관리 대상 without a case yet, and the user's office is the one to open it."""
    return entry.outcome == "case_management" and not entry.case_id and can_change(entry, user)


def matched_household(entry: ScreeningEntry, user) -> Household | None:
    """The household the duplicate check matched, when the user's organisation may see it."""
    if not entry.match_household_id:
        return None
    return db.session.scalar(select(Household).where(
        Household.id == entry.match_household_id, visible_household_clause(user.org_id)))


def intake_defaults(entry: ScreeningEntry, user) -> dict:
    """What the intake registration form starts with: the entry's household and where it was found."""
    received, checked = entry.list.received_on, entry.outcome_on or seoul_today()
    return {"head_name": entry.name, "birth_date": entry.birth_date, "address": entry.address,
            "dong": entry.dong, "phone": entry.phone, "notes": entry.reason,
            "programme": user.org.programme if user.org.programme in PROGRAMMES else "integrated",
            "source": str(entry.list.source_label)[:60], "found_on": min(received, checked)}


def open_intake(entry: ScreeningEntry, user, programme: str, source: str | None, found_on: date,
                household_data: dict | None = None, rrn_digits: str | None = None):
    """The case the worker reviewed and submitted: for the matched household the organisation may see,
    or for a household registered from the reviewed fields (the list's number unless one was typed)."""
    if not awaits_intake(entry, user):
        raise ScreeningError(_("Only the assigned dong office opens the intake of a case management target."))
    household = matched_household(entry, user)
    if household is None:
        if household_data is None:
            raise ScreeningError(_("Check the household's details."))
        if rrn_digits is None and entry.rrn_encrypted and user.org.rrn_allowed:
            rrn_digits = decrypt_rrn(entry.rrn_encrypted)
        household = register_household(household_data, [], rrn_digits, user.org_id)
        log_access("household_create", household_id=household.id)
    case = create_case(household, user.org, user, programme, source=source, found_on=found_on)
    entry.case_id = case.id
    db.session.flush()
    return case


def list_counts(list_ids, org_id: int | None) -> dict[int, dict]:
    """Per list: entries, screened, selected (for `org_id`'s entries, or all when None)."""
    stmt = select(ScreeningEntry.list_id, func.count(ScreeningEntry.id), func.count(ScreeningEntry.outcome),
                  func.count(ScreeningEntry.case_id)).where(ScreeningEntry.list_id.in_(list(list_ids)))
    if org_id is not None:
        stmt = stmt.where(ScreeningEntry.assigned_org_id == org_id)
    return {lid: {"entries": n, "screened": s, "cases": c}
            for lid, n, s, c in db.session.execute(stmt.group_by(ScreeningEntry.list_id))}
