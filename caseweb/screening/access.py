"""Who may see a list or an entry: the assigned dong office and the organisation that uploaded it.

Admins manage accounts and do not read entries; everyone else gets 404 for what is not theirs.
"""
from flask import abort
from flask_login import current_user
from sqlalchemy import exists, or_, select

from ..authz import CASE_ROLES
from ..extensions import db
from ..models import ScreeningEntry, ScreeningImport, ScreeningList


def _reader():
    if not current_user.is_authenticated or not current_user.has_role(*CASE_ROLES):
        abort(404)


def visible_entry_clause(org_id: int):
    """SQL filter on ScreeningEntry."""
    return or_(ScreeningEntry.assigned_org_id == org_id,
               ScreeningEntry.list_id.in_(select(ScreeningList.id).where(ScreeningList.org_id == org_id)))


def visible_list_clause(org_id: int):
    """SQL filter on ScreeningList: uploaded by the org, or holding an entry assigned to it."""
    return or_(ScreeningList.org_id == org_id,
               exists().where(ScreeningEntry.list_id == ScreeningList.id, ScreeningEntry.assigned_org_id == org_id))


def get_list_or_404(list_id: int) -> ScreeningList:
    _reader()
    found = db.session.scalar(select(ScreeningList).where(
        ScreeningList.id == list_id, visible_list_clause(current_user.org_id)))
    if found is None:
        abort(404)
    return found


def get_entry_or_404(entry_id: int) -> ScreeningEntry:
    _reader()
    found = db.session.scalar(select(ScreeningEntry).where(
        ScreeningEntry.id == entry_id, visible_entry_clause(current_user.org_id)))
    if found is None:
        abort(404)
    return found


def get_import_or_404(import_id: int) -> ScreeningImport:
    """An upload in progress: only its own organisation's writers see it."""
    _reader()
    found = db.session.get(ScreeningImport, import_id)
    if found is None or found.org_id != current_user.org_id or not current_user.can_write:
        abort(404)
    return found
