"""Reading a case: the summary header and its tabs, each a real URL."""
from flask import redirect, url_for
from flask_login import current_user, login_required

from ..audit import log_access
from ..authz import get_case_or_404
from ..extensions import db
from ..htmx import render
from ..models.records import NEED_DOMAINS
from ..timeutil import utcnow
from . import bp
from .page import header_context, labels, render_case, require_tab, visible_tabs
from .summary import case_summary

PRINTED_NOTES = 10  # the newest contact notes on the printed summary


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


@bp.route("/<int:case_id>/print")
@login_required
def print_summary(case_id):
    """The case on paper: household, needs, plan, team, recent notes; sections not given stay restricted."""
    case = get_case_or_404(case_id)
    summary = case_summary(case, current_user.org_id, notes=PRINTED_NOTES)
    log_access("case_print", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    return render("cases/print.html", case=case, s=summary, need_domains=NEED_DOMAINS, printed_at=utcnow(),
                  printed_notes=PRINTED_NOTES, **header_context(case), **labels())
