"""Reading a case: the summary header and its tabs, each a real URL."""
from flask_login import login_required

from ..audit import log_access
from ..authz import get_case_or_404
from ..extensions import db
from . import bp
from .page import render_case, require_tab


@bp.route("/<int:case_id>")
@bp.route("/<int:case_id>/<any(assessment, plan, notes, history):tab>")
@login_required
def show(case_id, tab="overview"):
    """A case's summary and one tab; htmx tab clicks get only the tab panel."""
    case = get_case_or_404(case_id)
    require_tab(case, tab)
    log_access("case_view", household_id=case.household_id, case_id=case.id, target=tab)
    db.session.commit()
    return render_case(case, tab)
