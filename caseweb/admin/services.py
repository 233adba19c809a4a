"""Account rules: create, edit, role changes, (de)activation, unlock, password reset.

Services flush and never commit; the view commits once. Every write adds an
access-log row naming the account it touched.
"""
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from ..audit import log_access
from ..auth.services import end_user_sessions, set_password
from ..extensions import db
from ..models import Organization, RoleChange, User
from ..models.user import ROLES
from .passwords import generate_password


class AdminRuleError(Exception):
    """A refused admin action; the message is shown to the admin as is."""


def user_query(q: str = "", org_id: int | None = None, role: str = "", active: str = ""):
    """Users matching the list filters, by organisation then name."""
    stmt = select(User).join(User.org).options(contains_eager(User.org))  # each row shows its organisation
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(User.name.ilike(like), User.username.ilike(like)))
    if org_id:
        stmt = stmt.where(User.org_id == org_id)
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    if active in ("1", "0"):
        stmt = stmt.where(User.active.is_(active == "1"))
    return stmt.order_by(Organization.name, User.name, User.id)


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(User.username == username.strip())) is not None


def create_user(*, username, name, org_id, role, email=None, phone=None, by: User) -> tuple[User, str]:
    """A new account with a one-time password it must change at first login."""
    if role not in ROLES:
        raise AdminRuleError(_("Choose a role."))
    user = User(username=username.strip(), name=name.strip(), org_id=org_id, role=role,
                email=email or None, phone=phone or None, active=True, password_hash="!")
    password = generate_password(user.username)
    set_password(user, password, must_change=True)
    db.session.add(user)
    db.session.flush()
    db.session.add(RoleChange(user_id=user.id, changed_by_id=by.id, old_role=None, new_role=role))
    log_access("admin_user_create", target=f"user:{user.id}", user=by)
    return user, password


def update_user(user: User, *, name, org_id, role, email=None, phone=None, by: User) -> None:
    """Edit an account; a role change is recorded in the role history."""
    if role not in ROLES:
        raise AdminRuleError(_("Choose a role."))
    if user.id == by.id and role != user.role:
        raise AdminRuleError(_("You cannot change your own role. Ask another administrator."))
    user.name = name.strip()
    user.org_id = org_id
    user.email = email or None
    user.phone = phone or None
    if role != user.role:
        db.session.add(RoleChange(user_id=user.id, changed_by_id=by.id, old_role=user.role, new_role=role))
        log_access("admin_user_role_change", target=f"user:{user.id}", user=by,
                   reason=f"{user.role} -> {role}")
        user.role = role
    log_access("admin_user_update", target=f"user:{user.id}", user=by)
    db.session.flush()


def deactivate_user(user: User, *, by: User) -> int:
    """Block the account and end all its sessions; returns how many ended."""
    if user.id == by.id:
        raise AdminRuleError(_("You cannot deactivate your own account. Ask another administrator."))
    user.active = False
    ended = end_user_sessions(user, "deactivated")
    log_access("admin_user_deactivate", target=f"user:{user.id}", user=by)
    db.session.flush()
    return ended


def reactivate_user(user: User, *, by: User) -> None:
    user.active = True
    log_access("admin_user_reactivate", target=f"user:{user.id}", user=by)
    db.session.flush()


def unlock_user(user: User, *, by: User) -> None:
    """Clear the lockout after too many failed logins."""
    user.failed_logins = 0
    user.locked_until = None
    log_access("admin_user_unlock", target=f"user:{user.id}", user=by)
    db.session.flush()


def reset_password(user: User, *, by: User) -> str:
    """A new one-time password; old sessions end and a lockout is lifted with it.

    Lifting the lockout too: a locked-out user who calls for a new password
    could not use it otherwise.
    """
    password = generate_password(user.username)
    set_password(user, password, must_change=True)
    user.failed_logins = 0
    user.locked_until = None
    end_user_sessions(user, "password_reset")
    log_access("admin_user_password_reset", target=f"user:{user.id}", user=by)
    db.session.flush()
    return password


def role_history(user: User) -> list[RoleChange]:
    return list(db.session.scalars(
        select(RoleChange).where(RoleChange.user_id == user.id)
        .order_by(RoleChange.changed_at.desc(), RoleChange.id.desc())))
