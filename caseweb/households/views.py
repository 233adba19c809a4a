"""대상가구: the visible list, the household picture, the audited RRN reveal."""
from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from limits import parse

from ..audit import log_access
from ..authz import (CASE_ROLES, get_household_or_404, get_led_household_or_404, is_household_lead, may_reveal_rrn,
                     role_required, write_required)
from ..crypto import decrypt_rrn, format_rrn
from ..consents.panel import consent_panel
from ..extensions import db, limiter
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
    is_lead = is_household_lead(current_user.org_id, household)
    return render("households/show.html", household=household, cases=cases, is_lead=is_lead,
                  consent_p=consent_panel(household), relations=MEMBER_RELATIONS, genders=GENDERS,
                  reveal_form=RevealRRNForm() if may_reveal_rrn(current_user, household, is_lead) else None)


def _reveal_allowed(user) -> bool:
    """At most RRN_REVEAL_RATE_LIMIT full numbers per user, counted on the shared limiter store."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    return limiter.limiter.hit(parse(current_app.config["RRN_REVEAL_RATE_LIMIT"]), "rrn_reveal", str(user.id))


@bp.route("/<int:household_id>/rrn", methods=["POST"])
@write_required
def reveal_rrn(household_id):
    """Show the full RRN once, to the lead organisation, for a real reason that goes into the access log."""
    household = get_led_household_or_404(household_id)
    if not may_reveal_rrn(current_user, household, is_lead=True):
        abort(403)
    form = RevealRRNForm()
    if not form.validate_on_submit():
        return render("households/rrn.html", block="rrn", status=422, household=household,
                      reveal_form=form, revealed=None)
    if not _reveal_allowed(current_user):
        log_access("rrn_reveal_refused", household_id=household.id, reason=form.logged_reason())
        db.session.commit()
        form.reason.errors = [_("You have reached the limit for viewing full numbers. Please try again later; "
                                "if it is urgent, ask your supervisor.")]
        return render("households/rrn.html", block="rrn", status=429, household=household,
                      reveal_form=form, revealed=None)
    log_access("rrn_reveal", household_id=household.id, reason=form.logged_reason())
    db.session.commit()
    return render("households/rrn.html", block="rrn", household=household, reveal_form=None,
                  revealed=format_rrn(decrypt_rrn(household.rrn_encrypted)))
