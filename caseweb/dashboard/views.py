"""내 업무: the landing page after login."""
from flask import redirect, url_for
from flask_login import current_user, login_required

from ..htmx import render
from . import bp, services


@bp.route("/")
@login_required
def index():
    """My work: derived tasks, referrals waiting, recent activity."""
    if current_user.has_role("admin"):
        return redirect(url_for("admin.users"))
    return render("dashboard/index.html", tiles=services.tiles(current_user))
