"""Record and revoke consents; download the signed form's scan as an attachment."""
from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import authz
from ..audit import log_access
from ..authz import (get_consent_or_404, get_household_or_404, get_led_household_or_404, role_required,
                     write_required)
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Organization
from ..models.org import grouped
from ..security import safe_next
from . import bp, scans, services
from .panel import consent_panel
from .forms import ConsentForm, RevokeForm


def _panel(household, status=200, revoke_errors=None):
    return render("consents/household.html", block="panel", status=status, household=household,
                  consent_p=consent_panel(household), revoke_errors=revoke_errors or {})


@bp.route("/household/<int:household_id>")
@role_required(*authz.CASE_ROLES)
def household(household_id):
    """A household's consents on their own page (the household page includes the same panel)."""
    hh = get_household_or_404(household_id)
    log_access("consent_list", household_id=hh.id)
    db.session.commit()
    return _panel(hh)


@bp.route("/household/<int:household_id>/new", methods=["GET", "POST"])
@write_required
def new(household_id):
    """Record consent (lead organisation only): one row per ticked kind, optional scan of the signed form."""
    hh = get_led_household_or_404(household_id)
    orgs = services.recipient_choices()
    form = ConsentForm(hh, orgs)
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    back = safe_next(form.next.data, _back(hh.id))
    if not form.validate_on_submit():
        log_access("consent_form_view", household_id=hh.id)
        db.session.commit()
        return render("consents/new.html", block="form", status=422 if request.method == "POST" else 200,
                      household=hh, form=form, org_groups=grouped(orgs), back=back)
    scan = None
    if form.scan.data and getattr(form.scan.data, "filename", ""):
        try:
            data, mime, ext = scans.read_scan(form.scan.data)
        except scans.ScanRejected as exc:
            form.scan.errors = [str(exc)]
            log_access("consent_form_view", household_id=hh.id)
            db.session.commit()
            return render("consents/new.html", block="form", status=422, household=hh, form=form,
                          org_groups=grouped(orgs), back=back)
        scan = (scans.store_scan(data, ext), form.scan.data.filename[:200], mime, len(data))
    recipients = [db.session.get(Organization, oid) for oid in form.recipient_ids.data or []]
    services.record_consents(
        hh, current_user, kinds=form.kinds.data, scope=form.scope.data, recipients=recipients,
        purpose=form.purpose.data, items=form.items.data, valid_from=form.valid_from.data,
        valid_until=form.valid_until.data, guardian_name=form.guardian_name.data,
        guardian_relation=form.guardian_relation.data, subject_member_id=form.subject_member_id.data,
        scan=scan)
    db.session.commit()
    flash(_("The consent was recorded."), "success")
    return redirect_to(back)


def _back(household_id: int) -> str:
    return url_for("households.show", household_id=household_id)


@bp.route("/<int:consent_id>/revoke", methods=["POST"])
@write_required
def revoke(consent_id):
    """동의 철회: partners relying on it lose access from the next request on."""
    consent = get_consent_or_404(consent_id, lead=True)
    form = RevokeForm()
    if not form.validate_on_submit():
        log_access("consent_list", household_id=consent.household_id)
        db.session.commit()
        return _panel(consent.household, status=422, revoke_errors={consent.id: form.reason.errors})
    services.revoke(consent, current_user, form.reason.data)
    db.session.commit()
    flash(_("The consent was revoked."), "success")
    if is_htmx():
        return _panel(consent.household)
    return redirect_to(_back(consent.household_id))


@bp.route("/<int:consent_id>/scan")
@role_required(*authz.CASE_ROLES)
def scan(consent_id):
    """Download the signed form (attachment only); asks for a reason first, which is logged."""
    consent = get_consent_or_404(consent_id)
    if not consent.scan_path:
        abort(404)
    reason = (request.args.get("reason") or "").strip()[:500]
    if not reason:
        return render("consents/scan_reason.html", consent=consent)
    try:
        path = scans.scan_file(consent.scan_path)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    log_access("consent_scan_download", household_id=consent.household_id,
               target=f"consent:{consent.id}", reason=reason)
    db.session.commit()
    ext = path.suffix
    response = send_file(path, mimetype=consent.scan_mime, as_attachment=True,
                         download_name=f"consent-{consent.id}{ext}", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
