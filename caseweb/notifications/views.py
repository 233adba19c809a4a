"""The notification list, the header bell and mark-read."""
from flask import current_app, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..audit import log_access
from ..authz import get_notification_or_404
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Notification
from . import bp, services


@bp.app_template_global()
def notification_message(note) -> str:
    return services.message_for(note)


def _page_context():
    page = max(request.args.get("page", 1, type=int), 1)
    size = current_app.config["PAGE_SIZE"]
    items = list(db.session.scalars(
        select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).offset((page - 1) * size).limit(size + 1)))
    items = items[:size]
    households = services.households_for(current_user, items)
    if households:  # names of households are personal data: reading them is logged
        log_access("notifications_view", target=f"cases={len(households)}")
    return {"items": items, "page": page, "has_next": len(items) > size,
            "households": households}


@bp.route("/")
@login_required
def index():
    """My notifications, newest first, naming the household where the case is still visible."""
    context = _page_context()
    db.session.commit()
    return render("notifications/index.html", block="list", **context)


@bp.route("/bell")
@login_required
def bell():
    """The header bell with the unread count (htmx loads it with the page and refreshes it every minute)."""
    if is_htmx():
        unread = services.unread_count(current_user)
        response = current_app.make_response(render_template("notifications/_bell.html", unread=unread))
        response.headers.add("Vary", "HX-Request")
        return response
    context = _page_context()
    db.session.commit()
    return render("notifications/index.html", **context)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@bp.route("/read", methods=["POST"], defaults={"notification_id": None})
@login_required
def mark_read(notification_id):
    """Mark one notification (or all) read, then follow its link or go back to the list."""
    note = None
    if notification_id is not None:
        note = get_notification_or_404(notification_id)
    services.mark_read(current_user, notification_id)
    db.session.commit()
    if note is not None and note.link and request.form.get("follow"):
        return redirect_to(note.link)
    if is_htmx():
        context = _page_context()
        db.session.commit()
        return render("notifications/index.html", block="list", **context)
    return redirect_to(url_for("notifications.index"))
