"""Managed lists (closure, decline and RRN-viewing reasons) that case workers pick from."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import memo
from ..audit import log_access
from ..extensions import db
from ..models import ListOption, User

MANAGED_LISTS = {
    "closure_reason": _l("Closure reasons"),
    "decline_reason": _l("Decline reasons"),
    "rrn_reveal_reason": _l("Purposes for viewing a full resident registration number"),
}


def options(list_name: str) -> list[ListOption]:
    return list(db.session.scalars(
        select(ListOption).where(ListOption.list_name == list_name)
        .order_by(ListOption.position, ListOption.label)))


def active_labels(list_name: str) -> list[str]:
    """The labels a form offers, in the administrator's order (remembered for a minute: caseweb/memo.py)."""
    return list(memo.remember(("list_options", list_name), lambda: list(db.session.scalars(
        select(ListOption.label).where(ListOption.list_name == list_name, ListOption.active.is_(True))
        .order_by(ListOption.position, ListOption.label)))))


def label_taken(list_name: str, label: str, exclude_id: int | None = None) -> bool:
    stmt = select(ListOption.id).where(ListOption.list_name == list_name, ListOption.label == label.strip())
    if exclude_id:
        stmt = stmt.where(ListOption.id != exclude_id)
    return db.session.scalar(stmt) is not None


def add_option(list_name: str, label: str, position: int | None, *, by: User) -> ListOption:
    """A new option, placed last unless a position is given."""
    if position is None:
        last = db.session.scalar(select(func.max(ListOption.position)).where(ListOption.list_name == list_name))
        position = (last or 0) + 1
    option = ListOption(list_name=list_name, label=label.strip(), position=position, active=True)
    db.session.add(option)
    db.session.flush()
    log_access("admin_list_option_create", target=f"list_option:{option.id}", user=by)
    return option


def update_option(option: ListOption, label: str, position: int | None, *, by: User) -> None:
    """Rename and/or move; records already using the old label keep it."""
    option.label = label.strip()
    if position is not None:
        option.position = position
    log_access("admin_list_option_update", target=f"list_option:{option.id}", user=by)
    db.session.flush()


def set_option_active(option: ListOption, active: bool, *, by: User) -> None:
    option.active = active
    action = "admin_list_option_reactivate" if active else "admin_list_option_deactivate"
    log_access(action, target=f"list_option:{option.id}", user=by)
    db.session.flush()
