"""Who gets told what. Messages name case numbers, never people, so e-mail may carry a link."""
import smtplib
from email.message import EmailMessage

from flask import current_app, has_app_context, has_request_context, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..i18n import N_
from ..models import Notification, User
from ..models.user import CASE_ROLES
from ..timeutil import utcnow

# Marked for extraction only: each is translated when shown, in the reader's language.
MESSAGES = {
    "referral_received": N_("New referral for case %(number)s"),
    "transfer_received": N_("Case %(number)s is being transferred to your organisation"),
    "referral_answered": N_("Your referral for case %(number)s was answered"),
    "referral_accepted": N_("Your referral for case %(number)s was accepted"),
    "referral_declined": N_("Your referral for case %(number)s was declined"),
    "transfer_accepted": N_("Your transfer of case %(number)s was accepted"),
    "transfer_declined": N_("Your transfer of case %(number)s was declined"),
    "partner_note": N_("A partner organisation recorded a contact note on case %(number)s"),
    "referral_expired": N_("Your referral for case %(number)s expired without an answer"),
    "referral_withdrawn": N_("The referral for case %(number)s was withdrawn"),
    "referral_completed": N_("A result was reported for case %(number)s"),
    "assigned": N_("Case %(number)s was assigned to you"),
    "consent_revoked": N_("Consent was revoked: you can no longer open case %(number)s"),
    "closure_requested": N_("Closure of case %(number)s is waiting for your approval"),
    "closure_approved": N_("The closure of case %(number)s was approved"),
    "closure_returned": N_("The closure request for case %(number)s was returned"),
}


def message_for(note: Notification) -> str:
    """The message in the reader's language (falls back to the stored Korean text)."""
    template = MESSAGES.get(note.kind)
    if template is None or note.case_number is None:
        return note.message
    return gettext(template, number=note.case_number)


def korean_message(kind: str, case_number: str) -> str:
    """The stored text (Korean, the service's language), kept for e-mail and as a fallback."""
    with force_locale("ko"):
        return gettext(MESSAGES[kind], number=case_number)


def link_for(endpoint: str, **values) -> str:
    """A notification's link from the routes (never a hand-built path), also outside a request (CLI)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def households_for(user, notes) -> dict[str, str]:
    """Case number -> the household head's name, for the cases among `notes` the user may see now.

    Messages are stored without names (e-mail carries only a link); the list adds the name
    when it is shown, and only while the user's organisation may still open the case.
    """
    from ..authz import visible_case_clause
    from ..models import Case, Household
    numbers = {n.case_number for n in notes if n.case_number}
    if not numbers:
        return {}
    rows = db.session.execute(select(Case.number, Household.head_name).join(Household)
                              .where(Case.number.in_(numbers), visible_case_clause(user.org_id)))
    return dict(rows.all())


def org_users(org_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.org_id == org_id, User.active.is_(True), User.role.in_(CASE_ROLES))))


def notify(users, kind: str, case_number: str, link: str | None = None) -> list[Notification]:
    """Add one notification per user; e-mail (if enabled) goes out after the commit."""
    text = korean_message(kind, case_number)
    rows = []
    for user in {u.id: u for u in users}.values():
        row = Notification(user_id=user.id, kind=kind, message=text, link=link, case_number=case_number)
        db.session.add(row)
        rows.append(row)
        if user.email and current_app.config.get("MAIL_ENABLED"):
            db.session.info.setdefault("pending_mail", []).append((user.email, link))
    db.session.flush()
    return rows


def notify_org(org_id: int, kind: str, case_number: str, link: str | None = None):
    return notify(org_users(org_id), kind, case_number, link)


def unread_count(user) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; another user's id changes nothing."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount


def send_mail(to: str, link: str | None) -> None:
    """A bare "you have news" e-mail: no personal data ever leaves in it."""
    cfg = current_app.config
    msg = EmailMessage()
    msg["Subject"] = "[caseweb] 새 알림"
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = to
    url = url_for("notifications.index", _external=True)
    if link:
        url = url.rsplit("/notifications", 1)[0] + link
    msg.set_content(f"새 알림이 있습니다\n{url}\n")
    with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=10) as smtp:
        smtp.send_message(msg)


@event.listens_for(Session, "after_commit")
def _send_pending_mail(session):
    pending = session.info.pop("pending_mail", [])
    if not pending or not has_app_context():
        return
    for to, link in pending:
        try:
            send_mail(to, link)
        except (OSError, smtplib.SMTPException):
            current_app.logger.warning("notification e-mail to user failed")


@event.listens_for(Session, "after_rollback")
def _drop_pending_mail(session):
    session.info.pop("pending_mail", None)
