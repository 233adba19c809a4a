"""사례관리 대상 → the intake registration form, filled in from the entry, for the worker to review and submit."""
from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import log_access
from ..authz import get_entry_or_404, write_required
from ..cases.forms import NewCaseForm
from ..extensions import db
from ..households.services import FIELDS, dong_names
from ..htmx import redirect_to, render
from . import bp, services
from .forms import IntakeForm


def _form(entry, household):
    """The case fields alone for a matched household we may see; otherwise the household's too."""
    defaults = services.intake_defaults(entry, current_user)
    if household is not None:
        form = NewCaseForm(data=defaults)
    else:
        dongs = dong_names()
        if entry.dong and entry.dong not in dongs:
            dongs.append(entry.dong)
        form = IntakeForm(data=defaults, dongs=dongs, rrn_allowed=current_user.org.rrn_allowed,
                          has_rrn=bool(entry.rrn_encrypted))
    return form


@bp.route("/entries/<int:entry_id>/intake", methods=["GET", "POST"])
@write_required
def intake(entry_id):
    """Review the household and open the case at intake; nothing is created until the form is submitted."""
    entry = get_entry_or_404(entry_id)
    if entry.case_id:
        return redirect_to(url_for("cases.show", case_id=entry.case_id))
    if not services.awaits_intake(entry, current_user):
        return redirect_to(url_for("screening.show_entry", entry_id=entry.id))
    household = services.matched_household(entry, current_user)
    form = _form(entry, household)
    if form.validate_on_submit():
        household_data = None if household else {name: getattr(form, name).data for name in ("head_name",) + FIELDS}
        case = services.open_intake(entry, current_user, form.programme.data, form.source.data, form.found_on.data,
                                    household_data, getattr(form, "rrn_digits", None))
        log_access("case_create", household_id=case.household_id, case_id=case.id,
                   target=f"screening_entry:{entry.id}")
        db.session.commit()
        flash(_("Case %(number)s opened: record the intake interview.", number=case.number), "success")
        return redirect_to(url_for("cases.show", case_id=case.id))
    log_access("screening_intake_form", target=f"screening_entry:{entry.id}",
               household_id=household.id if household else None)
    db.session.commit()
    return render("screening/intake.html", status=422 if form.is_submitted() else 200, entry=entry,
                  household=household, form=form)
