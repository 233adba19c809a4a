"""Linkage from a case: suggestions, a directory search dialog, the linkage form, the lists.

Linkages are case data: every route loads the case through authz (404 for other
organisations), needs the plan section, and writes an access-log row.
"""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..audit import log_access
from ..authz import get_case_or_404, get_household_or_404
from ..cases.page import require_tab
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Resource
from ..models.records import NEED_DOMAINS
from . import bp, directory, linkage, suggest
from .forms import LinkageForm


def _case(case_id):
    case = get_case_or_404(case_id)
    require_tab(case, "plan")
    return case


def _panel(case, status=200, message=None, error=None):
    links = linkage.case_linkages(case)
    return render("resources/case.html", block="panel", status=status, case=case, linkages=links,
                  suggestions=suggest.suggest(case), rows=linkage.planned_vs_linked(case, links),
                  need_domains=NEED_DOMAINS, can_link=current_user.can_write, message=message, error=error)


@bp.route("/case/<int:case_id>")
@login_required
def case_panel(case_id):
    """자원연계 for a case: suggestions with reasons, planned versus linked, every linkage."""
    case = _case(case_id)
    log_access("linkage_list", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    return _panel(case)


@bp.route("/case/<int:case_id>/search")
@login_required
def case_search(case_id):
    """The dialog's directory search: only entries that can be linked now."""
    case = _case(case_id)
    f = directory.Filters.from_args(request.args)
    f.available = True
    results = directory.search(f, page_size=10).rows if f.q or f.domain else []
    log_access("linkage_search", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    return render("resources/case_search.html", block="results", case=case, f=f, results=results,
                  need_domains=NEED_DOMAINS)


def _form_fragment(case, form, resource, status):
    """The linkage form; inside the case panel's dialog it replaces only the dialog's content."""
    response = render("resources/link.html", block="form", status=status, case=case, form=form, resource=resource)
    if is_htmx() and request.method == "POST":
        response.headers["HX-Retarget"] = "#link-dialog"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _form(resource):
    data = {"domain": resource.domain} if resource else {}
    if resource and resource.tracks_capacity:
        data["quantity"] = 1
    return LinkageForm(data=data)


@bp.route("/case/<int:case_id>/link", methods=["GET", "POST"])
@login_required
def link(case_id):
    """Link a directory entry (resource_id) or one from outside the directory to the household."""
    case = _case(case_id)
    if not current_user.can_write:
        abort(403)
    rid = request.values.get("resource_id", type=int)
    resource = db.session.get(Resource, rid) if rid else None
    if rid and resource is None:
        abort(404)
    form = _form(resource)
    log_access("linkage_form" if request.method == "GET" else "linkage_add",
               household_id=case.household_id, case_id=case.id, target=f"resource:{rid}" if rid else None)
    if not form.validate_on_submit():
        db.session.commit()
        return _form_fragment(case, form, resource, 422 if request.method == "POST" else 200)
    try:
        linkage.link(case, current_user, resource=resource, resource_name=form.resource_name.data,
                     provider_name=form.provider_name.data, sector=form.sector.data, domain=form.domain.data,
                     linked_on=form.linked_on.data, quantity=form.quantity.data, amount_krw=form.amount_krw.data,
                     note=form.note.data)
    except linkage.LinkageRefused as refused:
        db.session.rollback()  # nothing of the refused linkage stays; only the attempt is logged
        log_access("linkage_refused", household_id=case.household_id, case_id=case.id, target=f"resource:{rid}")
        db.session.commit()
        if is_htmx() and request.headers.get("HX-Target") == "case-resources":
            return _panel(case, status=409, error=str(refused))
        form.form_errors.append(str(refused))
        return _form_fragment(case, form, resource, 409)
    db.session.commit()
    message = _("Linked: %(name)s.", name=resource.name if resource else form.resource_name.data)
    if is_htmx() and request.headers.get("HX-Target") == "case-resources":
        return _panel(case, message=message)
    flash(message, "success")
    return redirect_to(url_for("resources.case_panel", case_id=case.id))


@bp.route("/household/<int:household_id>/linkages")
@login_required
def household_linkages(household_id):
    """Every linkage of a household in the cases the user's organisation may see."""
    household = get_household_or_404(household_id)
    rows = linkage.household_linkages(household, current_user.org_id)
    log_access("linkage_list", household_id=household.id, target="household")
    db.session.commit()
    return render("resources/household_linkages.html", block="linkages", household=household, linkages=rows,
                  need_domains=NEED_DOMAINS)
