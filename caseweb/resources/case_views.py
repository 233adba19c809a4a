"""Linkage from a case: suggestions, a directory search dialog, the linkage form, the lists.

Linkages are case data: every route loads the case through authz (404 for other
organisations), needs the plan section, and writes an access-log row.
"""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..audit import log_access
from ..authz import get_case_or_404, get_household_or_404, get_own_linkage_or_404, may_change_linkage
from ..cases.page import require_tab
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Resource
from ..models.records import NEED_DOMAINS
from . import bp, directory, linkage, suggest
from .forms import LinkageCancelForm, LinkageCorrectionForm, LinkageForm


def _case(case_id):
    case = get_case_or_404(case_id)
    require_tab(case, "plan")
    return case


def _panel(case, status=200, message=None, error=None):
    links = linkage.case_linkages(case)
    changeable = {lk.id for lk in links if may_change_linkage(current_user, lk)}
    return render("resources/case.html", block="panel", status=status, case=case, linkages=links, changeable=changeable,
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


def _dialog(template, status, **context):
    """A form of the case panel's dialog; a refused or invalid post replaces only the dialog's content."""
    response = render(template, block="form", status=status, **context)
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
        return _dialog("resources/link.html", 422 if request.method == "POST" else 200, case=case, form=form,
                       resource=resource)
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
        return _dialog("resources/link.html", 409, case=case, form=form, resource=resource)
    db.session.commit()
    return _done(case, _("Linked: %(name)s.", name=resource.name if resource else form.resource_name.data))


def _done(case, message):
    """After a change: the refreshed panel with its message for htmx, else flash and back to the panel."""
    if is_htmx() and request.headers.get("HX-Target") == "case-resources":
        return _panel(case, message=message)
    flash(message, "success")
    return redirect_to(url_for("resources.case_panel", case_id=case.id))


def _change_dialog(case, lk, status=200, correction=None, cancellation=None):
    return _dialog("resources/linkage_change.html", status, case=case, linkage=lk,
                   correction=correction or LinkageCorrectionForm(obj=lk, formdata=None),
                   cancellation=cancellation or LinkageCancelForm(formdata=None))


@bp.route("/case/<int:case_id>/linkages/<int:linkage_id>")
@login_required
def linkage_change(case_id, linkage_id):
    """The dialog to correct or cancel one of the organisation's own linkages."""
    case = _case(case_id)
    lk = get_own_linkage_or_404(case, linkage_id)
    log_access("linkage_change_form", household_id=case.household_id, case_id=case.id, target=f"linkage:{lk.id}")
    db.session.commit()
    return _change_dialog(case, lk)


def _change(case_id, linkage_id, action: str, form_name: str, form, apply):
    """Load, check, act for a correction or a cancellation: `apply(linkage, form)` returns the message.

    An invalid form comes back in the dialog (422); a refusal rolls everything back, logs
    the attempt and returns the panel saying why (409).
    """
    case = _case(case_id)
    lk = get_own_linkage_or_404(case, linkage_id)
    log_access(action, household_id=case.household_id, case_id=case.id, target=f"linkage:{lk.id}")
    if not form.validate():
        db.session.commit()
        return _change_dialog(case, lk, 422, **{form_name: form})
    try:
        message = apply(lk, form)
    except linkage.LinkageRefused as refused:
        db.session.rollback()
        log_access(f"{action}_refused", household_id=case.household_id, case_id=case.id, target=f"linkage:{linkage_id}")
        db.session.commit()
        if is_htmx() and request.headers.get("HX-Target") == "case-resources":
            return _panel(case, status=409, error=str(refused))
        flash(str(refused), "error")
        return redirect_to(url_for("resources.case_panel", case_id=case.id))
    db.session.commit()
    return _done(case, message)


@bp.route("/case/<int:case_id>/linkages/<int:linkage_id>/correct", methods=["POST"])
@login_required
def linkage_correct(case_id, linkage_id):
    """Correct date, quantity or amount and note; stock or slots follow the quantity; the history records it."""
    def apply(lk, form):
        changed = linkage.correct(lk, current_user, linked_on=form.linked_on.data, quantity=form.quantity.data,
                                  amount_krw=form.amount_krw.data, note=form.note.data)
        return _("Linkage corrected: %(name)s.", name=lk.resource_name) if changed else _("Nothing was changed.")
    return _change(case_id, linkage_id, "linkage_correct", "correction", LinkageCorrectionForm(), apply)


@bp.route("/case/<int:case_id>/linkages/<int:linkage_id>/cancel", methods=["POST"])
@login_required
def linkage_cancel(case_id, linkage_id):
    """취소·반환: the linkage stays on record struck out, and its stock or slots go back to the entry."""
    def apply(lk, form):
        linkage.cancel(lk, current_user, form.reason.data)
        return _("Linkage cancelled: %(name)s. What it held went back to the entry.", name=lk.resource_name)
    return _change(case_id, linkage_id, "linkage_cancel", "cancellation", LinkageCancelForm(), apply)


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
