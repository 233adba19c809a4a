"""One-time form tokens: a double click, or a retry after an answer that never arrived, stores once.

A form carries a random token (`FormTokenField`). The view claims it in the same
transaction as the change it makes: the first claim inserts a `form_submissions` row
(primary key = token) and goes ahead; any later claim of the same token finds that
row, or, racing the first on PostgreSQL, waits for it and hits the key, and gets the
earlier submission back instead of storing again. A refused change rolls back its
claim with it, so the user can correct the form and send it again.
"""
import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from .extensions import db
from .models import FormSubmission

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def FormTokenField():  # noqa: N802 (reads like a field class in a form definition)
    """A hidden field with a fresh token each time the form is shown empty."""
    return HiddenField(default=new_token)


def claim(token: str | None, user, kind: str) -> tuple[FormSubmission | None, bool]:
    """(submission, duplicate): the new claim to fill in, or the earlier one when the token was used.

    A missing or malformed token (an old page) claims nothing: (None, False).
    """
    if not token or not TOKEN_RE.match(token):
        return None, False
    earlier = db.session.get(FormSubmission, token)
    if earlier is not None:
        return earlier, True
    submission = FormSubmission(token=token, user_id=user.id, kind=kind)
    try:
        with db.session.begin_nested():
            db.session.add(submission)
            db.session.flush()
    except IntegrityError:  # the same token committed by a concurrent request
        earlier = db.session.scalar(select(FormSubmission).where(FormSubmission.token == token)
                                    .execution_options(populate_existing=True))
        return earlier, True
    return submission, False
