"""내 업무: the landing page after login."""
from flask import redirect, url_for
from flask_login import current_user, login_required

from ..audit import log_access
from ..extensions import db
from ..htmx import render
from . import bp, services


@bp.route("/")
@login_required
def index():
    """My work: tiles, then my overdue and upcoming tasks with links to the cases."""
    if current_user.has_role("admin"):
        return redirect(url_for("admin.users"))
    tasks, _cases = services.my_tasks(current_user)
    tiles = services.tiles(current_user)
    sections = services.sections(current_user)
    log_access("dashboard_view", target=f"tasks={len(tasks)}")
    db.session.commit()
    return render("dashboard/index.html", block="dashboard_sections", tiles=tiles, tasks=tasks,
                  sections=sections)
