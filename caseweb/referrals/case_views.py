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
from ..security import safe_next
from . import bp, queries, services
from .panel import SEND_KINDS, team_panel
from .forms import AssignForm, SendForm


def _safe_next(target: str | None, case) -> str:
    return safe_next(target, url_for("cases.show", case_id=case.id))


def _panel(case, status=200, send=None, org_q="", **forms):
    return render("referrals/case_panel.html", block="panel", status=status, case=case,
                  team_p=team_panel(case, send=send, org_q=org_q, **forms))


@bp.route("/case/<int:case_id>")
@role_required(*authz.CASE_ROLES)
def case_panel(case_id):
    """The team panel on its own page (the case page includes the same fragment)."""
    case = get_case_or_404(case_id)
    log_access("case_team_view", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    send = request.args.get("send")
    return _panel(case, send=send if send in SEND_KINDS else None, org_q=request.args.get("org_q", "")[:60])


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
