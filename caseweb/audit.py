"""Access-log writes. Every read or write of a household's data calls log_access."""
from flask import request
from flask_login import current_user

from .extensions import db
from .models import AccessLog


def client_ip() -> str | None:
    return request.remote_addr if request else None


def log_access(action: str, *, household_id: int | None = None, case_id: int | None = None,
               target: str | None = None, reason: str | None = None, user=None) -> AccessLog:
    """Add an access-log row to the session; the view's single commit writes it."""
    user = user or (current_user if current_user and current_user.is_authenticated else None)
    row = AccessLog(
        user_id=user.id if user else None,
        org_id=user.org_id if user else None,
        ip=client_ip(),
        action=action,
        household_id=household_id,
        case_id=case_id,
        target=target,
        reason=reason,
    )
    db.session.add(row)
    return row
