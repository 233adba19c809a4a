"""The case page's team panel: team, history, refer / transfer / assign forms."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import DataRequired

from .. import authz
from ..audit import log_access
from ..authz import get_case_or_404, role_required, write_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..models import Organization, User
from ..models.transition import CASE_SECTIONS
from ..security import safe_next
from . import bp, queries, services
from .forms import AssignForm, SendForm


def _safe_next(target: str | None, case) -> str:
    return safe_next(target, url_for("cases.show", case_id=case.id))


SEND_KINDS = ("refer", "transfer")


@bp.app_template_global()
def referral_panel(case, send: str | None = None, **forms) -> dict:
    """Everything the panel shows; the case page's view has already checked access to `case`.

    The refer/transfer forms list every organisation of the network, so they are
    built only when asked for (`send`, or a form coming back with errors).
    """
    is_lead = case.lead_org_id == current_user.org_id
    assign_form = forms.get("assign_form") or AssignForm(formdata=None)
    if current_user.has_role("supervisor"):  # only they see the assign form
        assign_form.worker_id.choices = [(u.id, u.name) for u in queries.org_workers(current_user.org_id)]
    network, covered = queries.consent_coverage(case)
    shown = {kind for kind in SEND_KINDS if kind == send or f"{kind}_form" in forms}
    orgs = queries.recipient_orgs(current_user.org_id) if shown else []
    send_forms = {kind: forms.get(f"{kind}_form") or SendForm(formdata=None, prefix=kind).set_orgs(orgs)
                  for kind in shown}
    return {
        "consent_network": network, "consent_orgs": covered,
        "team": queries.case_team(case),
        "history": queries.case_transitions(case),
        "send_forms": send_forms,
        "assign_form": assign_form,
        "can_send": is_lead and current_user.can_write,
        "can_assign": is_lead and current_user.has_role("supervisor"),
        "section_labels": CASE_SECTIONS,
    }


def _panel(case, status=200, send=None, **forms):
    return render("referrals/case_panel.html", block="panel", status=status, case=case,
                  team_p=referral_panel(case, send=send, **forms))


@bp.route("/case/<int:case_id>")
@role_required(*authz.CASE_ROLES)
def case_panel(case_id):
    """The team panel on its own page (the case page includes the same fragment)."""
    case = get_case_or_404(case_id)
    log_access("case_team_view", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    send = request.args.get("send")
    return _panel(case, send=send if send in SEND_KINDS else None)


def _send(case_id: int, kind: str):
    case = get_case_or_404(case_id)
    form = SendForm(prefix=kind).set_orgs(queries.recipient_orgs(current_user.org_id))
    if kind == "refer":
        form.sections.validators = [DataRequired(message=_("Choose at least one section."))]
    forms = {f"{kind}_form": form}
    if not form.validate_on_submit():
        return _panel(case, status=422, **forms)
    to_org = db.session.get(Organization, form.to_org_id.data)
    send = services.send_referral if kind == "refer" else services.send_transfer
    try:
        send(case, current_user, to_org, form.reason.data, form.sections.data if kind == "refer" else None)
    except services.TransitionRefused as exc:
        db.session.rollback()
        form.to_org_id.errors.append(str(exc))
        return _panel(case, status=422, **forms)
    db.session.commit()
    flash(_("Sent to %(org)s.", org=to_org.name), "success")
    return redirect_to(_safe_next(form.next.data, case))


@bp.route("/case/<int:case_id>/refer", methods=["POST"])
@write_required
def refer(case_id):
    """의뢰하기."""
    return _send(case_id, "refer")


@bp.route("/case/<int:case_id>/transfer", methods=["POST"])
@write_required
def transfer(case_id):
    """이관하기."""
    return _send(case_id, "transfer")


@bp.route("/case/<int:case_id>/assign", methods=["POST"])
@role_required("supervisor")
def assign(case_id):
    """배정: give the case to a worker of my organisation."""
    case = get_case_or_404(case_id)
    form = AssignForm()
    form.worker_id.choices = [(u.id, u.name) for u in queries.org_workers(current_user.org_id)]
    if not form.validate_on_submit():
        return _panel(case, status=422, assign_form=form)
    worker = db.session.get(User, form.worker_id.data)
    try:
        services.assign(case, current_user, worker)
    except services.TransitionRefused as exc:
        db.session.rollback()
        form.worker_id.errors.append(str(exc))
        return _panel(case, status=422, assign_form=form)
    db.session.commit()
    flash(_("Assigned to %(name)s.", name=worker.name), "success")
    return redirect_to(_safe_next(form.next.data, case))
