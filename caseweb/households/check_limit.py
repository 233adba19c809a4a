"""The duplicate check's per-user limit, and the report to admins when someone hits it.

The limit lives in the shared limiter store (Flask-Limiter's storage: Redis in
production), keyed by user id, so every app server counts the same checks. Only
checks that reach the database count, and the same fields sent again (htmx asks
while the form is typed) count once.
"""
import hashlib
import hmac
from datetime import timedelta

from flask import current_app, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from limits import parse
from sqlalchemy import select

from ..audit import log_access
from ..extensions import db, limiter
from ..models import AccessLog, Notification, User
from ..timeutil import utcnow
from .duplicates import Query

LIMITED_ACTION = "duplicate_check_limited"
NOTIFICATION_KIND = "duplicate_check_burst"
_LAST_KEY = "dupcheck_last"


def _limit_item():
    return parse(current_app.config["DUPLICATE_CHECK_LIMIT"])


def _digest(query: Query) -> str:
    """Names the query in the session cookie without its fields (a keyed hash)."""
    return hmac.new(current_app.secret_key.encode(), query.fingerprint().encode(), hashlib.sha256).hexdigest()[:24]


def allow_check(user, query: Query) -> bool:
    """Count this check against the user's limit; False (reported) when the limit is reached.

    The fields of the last answered check are remembered, so asking the same again
    is free: it can only repeat an answer already given.
    """
    if not query.looks_anything_up or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    digest = _digest(query)
    if session.get(_LAST_KEY) == digest:
        return True
    if limiter.limiter.hit(_limit_item(), "duplicate_check", f"user:{user.id}"):
        session[_LAST_KEY] = digest
        return True
    report_burst(user)
    return False


def report_burst(user) -> None:
    """Access-log row on every refused check; one notification to every admin per limit window."""
    window = timedelta(seconds=_limit_item().get_expiry())
    already = db.session.scalar(select(AccessLog.id).where(
        AccessLog.action == LIMITED_ACTION, AccessLog.user_id == user.id,
        AccessLog.at >= utcnow() - window).limit(1))
    log_access(LIMITED_ACTION, target=f"user:{user.id}", reason=current_app.config["DUPLICATE_CHECK_LIMIT"])
    if already is not None:
        return
    link = url_for("admin.access_log", user=user.username, action=LIMITED_ACTION)
    with force_locale("ko"):
        text = _("Duplicate-check limit reached by %(username)s (%(org)s): possible search for "
                 "resident numbers. See the access log.", username=user.username, org=user.org.name)
    for admin in db.session.scalars(select(User).where(User.role == "admin", User.active.is_(True))):
        db.session.add(Notification(user_id=admin.id, kind=NOTIFICATION_KIND, message=text[:300], link=link))
    db.session.flush()


def limit_message() -> str:
    item = _limit_item()
    return _("You have made too many duplicate checks (at most %(n)d in %(minutes)d minutes). "
             "Please try again later. Registering is still possible.",
             n=item.amount, minutes=max(1, item.get_expiry() // 60))
