"""Registering and editing a household; the duplicate check while typing."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import log_access
from ..authz import get_household_or_404, write_required
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from . import bp, check_limit, duplicates, services
from .forms import MAX_MEMBERS, DuplicateCheckForm, HouseholdEditForm, HouseholdForm, MemberForm

TEMPLATE = "households/form.html"


def _form(cls, household=None, **kwargs):
    dongs = services.dong_names()
    if household is not None and household.dong and household.dong not in dongs:
        dongs.append(household.dong)
    form = cls(dongs=dongs, rrn_allowed=current_user.org.rrn_allowed,
               has_rrn=bool(household is not None and household.rrn_encrypted), **kwargs)
    if household is None:
        form.enable_duplicate_check(url_for("households.duplicates"))
    return form


def _data(form) -> dict:
    return {name: getattr(form, name).data for name in ("head_name",) + services.FIELDS}


def _check(form) -> tuple[list[dict] | None, str | None]:
    """(results, None), or (None, the limit message) when the user has checked too often."""
    query = duplicates.parse_query(form.head_name.data, form.birth_date.data, form.rrn.data,
                                   form.phone.data, current_user.org.rrn_allowed)
    if query is None:
        return None, None
    if not check_limit.allow_check(current_user, query):
        return None, check_limit.limit_message()
    return duplicates.run_check(query, current_user.org_id), None


@bp.route("/new", methods=["GET", "POST"])
@write_required
def new():
    """Register a household, checking for people already served first."""
    form = _form(HouseholdForm)
    if request.method == "POST" and "check_duplicates" in request.form:
        results, limited = _check(form)
        db.session.commit()
        return render(TEMPLATE, block="household_form", status=429 if limited else 200, form=form,
                      household=None, results=results, limited=limited)
    if form.validate_on_submit():
        household = services.register_household(_data(form), form.member_rows(), form.rrn_digits,
                                                current_user.org_id)
        log_access("household_create", household_id=household.id)
        db.session.commit()
        flash(_("Household %(number)s registered.", number=household.number), "success")
        return redirect_to(url_for("households.show", household_id=household.id))
    status = 422 if request.method == "POST" else 200
    return render(TEMPLATE, block="household_form", status=status, form=form, household=None, results=None)


@bp.route("/<int:household_id>/edit", methods=["GET", "POST"])
@write_required
def edit(household_id):
    """Edit a household; an edit based on an older version is refused with 409."""
    household = get_household_or_404(household_id)
    if request.method == "GET":
        form = _form(HouseholdEditForm, household, obj=household)
        if len(form.members) < MAX_MEMBERS:
            form.members.append_entry()
        log_access("household_view", household_id=household.id)
        db.session.commit()
        return render(TEMPLATE, form=form, household=household, results=None)
    form = _form(HouseholdEditForm, household)
    if not form.validate_on_submit():
        return render(TEMPLATE, block="household_form", status=422, form=form, household=household,
                      results=None)
    try:
        services.update_household(household, _data(form), form.member_rows(), form.rrn_digits,
                                  form.version.data)
    except services.StaleEdit:
        return render(TEMPLATE, block="household_form", status=409, form=form, household=household,
                      results=None, stale=True)
    log_access("household_update", household_id=household.id)
    db.session.commit()
    flash(_("Household saved."), "success")
    return redirect_to(url_for("households.show", household_id=household.id))


@bp.route("/member-row")
@write_required
def member_row():
    """One more empty member row for the form (htmx); without htmx, the form itself."""
    if not is_htmx():
        return redirect(url_for("households.new"))
    index = request.args.get("index", 0, type=int)
    if index < 0 or index >= MAX_MEMBERS:
        return "", 204
    member = MemberForm(prefix=f"members-{index}")
    response = make_response(render_template(
        "households/_member_row.html", member=member, index=index, oob=True, next_index=index + 1))
    response.headers.add("Vary", "HX-Request")
    return response


@bp.route("/duplicates", methods=["POST"], endpoint="duplicates")
@write_required
def duplicates_check():
    """Who already serves this person? Answered while the registration form is typed."""
    results, limited = _check(DuplicateCheckForm())
    db.session.commit()
    # htmx swaps only 2xx answers: the limit message must land where the results appear.
    status = 429 if limited and not is_htmx() else 200
    return render("households/duplicates.html", block="duplicates", status=status, results=results,
                  limited=limited)


@bp.context_processor
def _form_limits():
    return {"max_members": MAX_MEMBERS}
