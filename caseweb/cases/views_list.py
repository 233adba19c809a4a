"""The case list (my cases / my organisation's) and opening a new case."""
from math import ceil

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import timeutil
from ..audit import log_access
from ..authz import get_led_household_or_404, write_required
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models.case import CASE_LEVELS, CASE_STATUSES
from ..models.org import PROGRAMMES
from . import bp, opening
from .forms import NewCaseForm
from ..households.services import dong_names
from .queries import COUNT_CAP, ListParams, list_cases, page_size, staff_menu


@bp.route("/")
@login_required
def index():
    """My cases or my organisation's, filtered and searched; htmx gets only the list."""
    if not current_user.reads_cases:
        abort(404)
    params = ListParams.from_args(request.args)
    rows, total = list_cases(current_user, params)
    log_access("case_list", target=f"scope={params.scope} q={params.q}"[:120])
    db.session.commit()
    # htmx asks for the list only: the filter menus are on the page already.
    menus = {} if is_htmx() else {"managers": staff_menu(current_user.org_id), "dongs": dong_names()}
    return render("cases/index.html", block="case_list", rows=rows, total=total, params=params,
                  pages=max(ceil(total / page_size()), 1), statuses=CASE_STATUSES, programmes=PROGRAMMES,
                  levels=CASE_LEVELS, today=timeutil.seoul_today(), count_cap=COUNT_CAP, **menus)


@bp.route("/new", methods=["GET", "POST"])
@write_required
def new():
    """Open a case for a household the organisation leads (partners ask the lead by referral)."""
    household = get_led_household_or_404(request.args.get("household_id", type=int) or 0)
    form = NewCaseForm()
    if not form.is_submitted() and current_user.org.programme in PROGRAMMES:
        form.programme.data = current_user.org.programme
    if form.validate_on_submit():
        case = opening.create_case(household, current_user.org, current_user, form.programme.data,
                                    form.source.data, form.found_on.data)
        log_access("case_create", household_id=household.id, case_id=case.id)
        db.session.commit()
        flash(_("Case %(number)s opened.", number=case.number), "success")
        return redirect_to(url_for("cases.show", case_id=case.id))
    log_access("case_new_form", household_id=household.id)
    db.session.commit()
    status = 422 if form.is_submitted() else 200
    return render("cases/new.html", block="new_case_form", status=status, form=form, household=household)
