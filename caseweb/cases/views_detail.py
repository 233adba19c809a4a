"""Reading a case: the summary header and its tabs, each a real URL."""
from flask import redirect, url_for
from flask_login import login_required

from ..audit import log_access
from ..authz import get_case_or_404
from ..extensions import db
from . import bp
from .page import render_case, require_tab, visible_tabs


@bp.route("/<int:case_id>")
@bp.route("/<int:case_id>/<any(assessment, plan, notes, history):tab>")
@login_required
def show(case_id, tab="overview"):
    """A case's summary and one tab; htmx tab clicks get only the tab panel."""
    case = get_case_or_404(case_id)
    tabs = visible_tabs(case)
    if tab == "overview" and tab not in tabs and tabs:
        return redirect(url_for("cases.show", case_id=case.id, tab=tabs[0]))
    require_tab(case, tab)
    log_access("case_view", household_id=case.household_id, case_id=case.id, target=tab)
    db.session.commit()
    return render_case(case, tab)
