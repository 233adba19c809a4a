"""Server-side sessions and passwords (login attempts: attempts.py). Services flush; views commit."""
import hashlib
import secrets

from flask import current_app, session
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..audit import client_ip
from ..extensions import db
from ..models import User, UserSession
from ..security import hash_password
from ..timeutil import utcnow
from ..transactions import write_transaction

SESSION_KEY = "sid"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clear_session() -> None:
    """Forget everything but the chosen interface language (nothing personal)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def start_session(user: User) -> None:
    """A fresh session id at every login (no fixation)."""
    _clear_session()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_digest(token), ip=client_ip()))
    session[SESSION_KEY] = token
    session.permanent = False


def current_session_row() -> UserSession | None:
    token = session.get(SESSION_KEY)
    if not token:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == _digest(token)))


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the cookie counts only while its session row lives."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    # One query for the session row, its user and the user's organisation (every request needs all three).
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _digest(token)).options(
        joinedload(UserSession.user).joinedload(User.org)))
    if row is None or row.ended_at is not None or str(row.user_id) != str(user_id):
        return None
    now = utcnow()
    cfg = current_app.config
    if now - row.last_seen_at > cfg["IDLE_TIMEOUT"]:
        return _expire(row, "idle")
    if now - row.created_at > cfg["ABSOLUTE_TIMEOUT"]:
        return _expire(row, "absolute")
    user = row.user
    if user is None or not user.active or not user.org.active:
        return _expire(row, "inactive")
    if (now - row.last_seen_at).total_seconds() > 30:  # spare a write per request
        with write_transaction():  # a GET reads without the write lock; this write takes it briefly
            row.last_seen_at = now
    return user


def _expire(row: UserSession, reason: str) -> None:
    with write_transaction():
        row.ended_at = utcnow()
        row.ended_reason = reason
    return None


def end_session(reason: str = "logout") -> None:
    row = current_session_row()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        row.ended_reason = reason
    _clear_session()


def end_user_sessions(user: User, reason: str, keep_current: bool = False) -> int:
    """End every live session of `user` (deactivation, password change, reset)."""
    query = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_current:
        row = current_session_row()
        if row is not None:
            query = query.where(UserSession.id != row.id)
    result = db.session.execute(query.values(ended_at=utcnow(), ended_reason=reason))
    return result.rowcount or 0


def set_password(user: User, password: str, *, must_change: bool = False) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = must_change
