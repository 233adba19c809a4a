"""One login attempt in three steps, so the slow password hash holds no database lock.

1. `start` counts the attempt atomically (``UPDATE … SET failed_logins =
   failed_logins + 1 … RETURNING``) before the password is looked at: parallel
   guesses each take their own number, and only the first LOCKOUT_THRESHOLD of them
   are checked against the real hash. The view commits, which ends the (on SQLite
   database-wide) write transaction.
2. `check_password` runs exactly one Argon2 verification on every path — unknown
   user, locked or inactive account, guess over the limit (against a dummy hash) —
   so timing tells nothing. No transaction is open meanwhile.
3. `finish` resets the count on success — unless, while the hash ran, enough other
   attempts arrived to pass the threshold (a burst of guesses locks out the right
   password too) — or locks the account once the threshold is reached. Both are
   conditional on the row's current state, not on what was read before.
"""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, or_, select, update

from ..audit import log_access
from ..extensions import db
from ..models import Organization, User
from ..security import DUMMY_HASH, verify_password
from ..timeutil import utcnow


@dataclass
class Attempt:
    user_id: int | None
    password_hash: str  # DUMMY_HASH when the password cannot count
    number: int = 0  # this attempt's place in the failure count
    usable: bool = False  # known, active, not locked, within the threshold


def _not_locked(now):
    return or_(User.locked_until.is_(None), User.locked_until <= now)


def start(username: str) -> Attempt:
    """Count the attempt (flush only; the caller commits before checking the password)."""
    row = db.session.execute(
        select(User.id, User.password_hash, User.active, Organization.active)
        .join(Organization, User.org_id == Organization.id)
        .where(User.username == (username or "").strip())).first()
    if row is None:
        return Attempt(None, DUMMY_HASH)
    user_id, password_hash, active, org_active = row
    now = utcnow()
    number = db.session.scalar(
        update(User).where(User.id == user_id, _not_locked(now))
        .values(failed_logins=case((User.locked_until.is_not(None), 1),
                                   else_=db.func.coalesce(User.failed_logins, 0) + 1),
                locked_until=None)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False))
    if number is None:  # locked
        return Attempt(user_id, DUMMY_HASH)
    usable = bool(active and org_active) and number <= current_app.config["LOCKOUT_THRESHOLD"]
    return Attempt(user_id, password_hash if usable else DUMMY_HASH, number, usable)


def check_password(attempt: Attempt, password: str) -> bool:
    """Exactly one hash verification, whatever the attempt; True only for a usable account."""
    ok = verify_password(attempt.password_hash, password or "")
    return ok and attempt.usable


def finish(attempt: Attempt, ok: bool) -> User | None:
    """The user on success (count reset); else lock once the threshold is reached (flush only)."""
    if attempt.user_id is None:
        return None
    now = utcnow()
    threshold = current_app.config["LOCKOUT_THRESHOLD"]
    if ok:
        done = db.session.scalar(
            update(User).where(User.id == attempt.user_id, _not_locked(now), User.failed_logins <= threshold)
            .values(failed_logins=0, locked_until=None, last_login_at=now)
            .returning(User.id).execution_options(synchronize_session=False))
        return _fresh(attempt.user_id) if done is not None else None
    if attempt.number >= threshold:
        until = now + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
        locked = db.session.scalar(
            update(User).where(User.id == attempt.user_id, and_(
                _not_locked(now), User.failed_logins >= threshold))
            .values(locked_until=until)
            .returning(User.id).execution_options(synchronize_session=False))
        user = _fresh(attempt.user_id)
        if locked is not None:
            log_access("account_locked", target=f"user:{user.id}", user=user)
    return None


def _fresh(user_id: int) -> User:
    """The user as the database has it now (the UPDATEs above bypass the identity map)."""
    return db.session.execute(select(User).where(User.id == user_id)
                              .execution_options(populate_existing=True)).scalar_one()
