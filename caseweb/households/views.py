"""대상가구: the visible list, the household picture, the audited RRN reveal."""
from flask import abort, current_app, request
from flask_login import current_user

from ..audit import log_access
from ..authz import CASE_ROLES, get_household_or_404, role_required, write_required
from ..crypto import decrypt_rrn, format_rrn
from ..extensions import db
from ..consents.panel import consent_panel
from ..htmx import render
from . import bp, services
from .forms import GENDERS, MEMBER_RELATIONS, RevealRRNForm


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


@bp.route("/")
@role_required(*CASE_ROLES)
def index():
    """The organisation's visible households, searchable by name or number."""
    q = request.args.get("q", "").strip()[:60]
    page = _page()
    households, has_next = services.visible_households(
        current_user.org_id, q, page, current_app.config["PAGE_SIZE"])
    log_access("household_list")
    db.session.commit()
    return render("households/index.html", block="household_list",
                  households=households, q=q, page=page, has_next=has_next)


@bp.route("/<int:household_id>")
@role_required(*CASE_ROLES)
def show(household_id):
    """The household picture: head, members and every programme's case."""
    household = get_household_or_404(household_id)
    cases = services.household_cases(household, current_user.org_id)
    log_access("household_view", household_id=household.id)
    db.session.commit()
    return render("households/show.html", household=household, cases=cases, consent_p=consent_panel(household),
                  relations=MEMBER_RELATIONS, genders=GENDERS, reveal_form=RevealRRNForm())


@bp.route("/<int:household_id>/rrn", methods=["POST"])
@write_required
def reveal_rrn(household_id):
    """Show the full RRN once, for a stated reason that goes into the access log."""
    household = get_household_or_404(household_id)
    if not household.rrn_encrypted or not current_user.org.rrn_allowed:
        abort(403)
    form = RevealRRNForm()
    if not form.validate_on_submit():
        return render("households/rrn.html", block="rrn", status=422, household=household,
                      reveal_form=form, revealed=None)
    log_access("rrn_reveal", household_id=household.id, reason=form.reason.data.strip())
    db.session.commit()
    return render("households/rrn.html", block="rrn", household=household, reveal_form=None,
                  revealed=format_rrn(decrypt_rrn(household.rrn_encrypted)))
