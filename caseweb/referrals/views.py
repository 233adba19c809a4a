"""Inbox/outbox, the detail page and the answers (accept, decline, start, reply, withdraw, reroute)."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import authz
from ..audit import log_access
from ..authz import role_required, write_required
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Organization, Transition
from ..models.transition import TRANSITION_STATUSES
from . import bp, queries, services
from .forms import DeclineForm, RerouteForm, ResultForm


@bp.route("/")
@role_required(*authz.CASE_ROLES)
def index():
    """Received (inbox) and sent (outbox) referrals and transfers, filtered by status.

    Reading changes nothing: overdue requests expire in the `flask referrals expire` job.
    """
    box = request.args.get("box") if request.args.get("box") in queries.BOXES else "inbox"
    status = request.args.get("status") if request.args.get("status") in TRANSITION_STATUSES else None
    page = max(request.args.get("page", 1, type=int), 1)
    size = current_app.config["PAGE_SIZE"]
    rows = list(db.session.scalars(queries.box_query(current_user.org_id, box, status)
                                   .offset((page - 1) * size).limit(size + 1)))
    # The list names heads of household, so reading it is logged like the case list.
    log_access("referral_list", target=f"box={box} status={status or ''} page={page}")
    db.session.commit()
    return render("referrals/index.html", block="list", items=rows[:size], box=box, status_filter=status,
                  statuses=TRANSITION_STATUSES, page=page, has_next=len(rows) > size,
                  personal_ids=queries.personal_ids(current_user.org_id, rows[:size]))


@bp.route("/badge")
@role_required(*authz.CASE_ROLES)
def badge():
    """The navigation badge: received requests awaiting an answer (empty when none)."""
    if not is_htmx():
        return redirect_to(url_for("referrals.index", box="inbox"))
    count = queries.awaiting_count(current_user.org_id)
    response = current_app.make_response(str(count) if count else "")
    response.headers.add("Vary", "HX-Request")
    return response


def _detail(t: Transition, status=200, **forms):
    can_see = authz.can_see_case(current_user.org_id, t.case)
    receiving = t.to_org_id == current_user.org_id
    context = {
        "t": t, "can_see_case": can_see, "receiving": receiving,
        "personal": t.id in queries.personal_ids(current_user.org_id, [t]),
        "head_age": queries.age_on(t.case.household.birth_date),
        "decline_form": forms.get("decline_form") or DeclineForm(formdata=None),
        "result_form": forms.get("result_form") or ResultForm(formdata=None),
        "reroute_form": forms.get("reroute_form") or RerouteForm(formdata=None).set_orgs(
            queries.recipient_orgs(current_user.org_id)),
    }
    return render("referrals/detail.html", status=status, **context)


@bp.route("/<int:transition_id>")
@role_required(*authz.CASE_ROLES)
def detail(transition_id):
    """One request; before acceptance the receiver sees only the reason and head's name, age, dong.

    Opening it changes nothing: "received" is an explicit action (or the first answer).
    """
    t = authz.get_transition_or_404(transition_id)
    _log_view(t)
    db.session.commit()
    return _detail(t)


def _log_view(t: Transition) -> None:
    """Every page or fragment that shows the request's personal data is a logged read."""
    log_access(f"{t.kind}_view", household_id=t.case.household_id, case_id=t.case_id,
               target=f"transition:{t.id}")


@bp.route("/<int:transition_id>/receive", methods=["POST"])
@write_required
def receive(transition_id):
    """접수 확인: the receiver marks the request as seen."""
    t = authz.get_transition_or_404(transition_id)
    return _answer(t, services.mark_received, _("Marked as received."))


def _row(t: Transition, status=200, error=None, decline_form=None):
    return render("referrals/row.html", block="row", status=status, t=t, box=(
        "inbox" if t.to_org_id == current_user.org_id else "outbox"), error=error,
        decline_form=decline_form, personal_ids=queries.personal_ids(current_user.org_id, [t]))


def _done(t: Transition, message: str):
    if is_htmx():
        response = _row(t)
        # The navigation badge listens for this and refreshes its count at once.
        response.headers["HX-Trigger"] = "referrals-changed"
        return response
    flash(message, "success")
    return redirect_to(url_for("referrals.detail", transition_id=t.id))


def _refused(t: Transition, exc: services.TransitionRefused):
    db.session.rollback()
    if is_htmx():
        _log_view(t)
        db.session.commit()
        return _row(t, status=422, error=str(exc))
    flash(str(exc), "error")
    return redirect_to(url_for("referrals.detail", transition_id=t.id))


def _answer(t: Transition, action, message: str, *args):
    """Run one transition service: a refusal shows its message, success commits once."""
    try:
        action(t, current_user, *args)
    except services.TransitionRefused as exc:
        return _refused(t, exc)
    db.session.commit()
    return _done(t, message)


@bp.route("/<int:transition_id>/accept", methods=["POST"])
@write_required
def accept(transition_id):
    """수락."""
    t = authz.get_transition_or_404(transition_id)
    return _answer(t, services.accept, _("Accepted."))


@bp.route("/<int:transition_id>/decline", methods=["GET", "POST"])
@write_required
def decline(transition_id):
    """거절: asks for a reason and who declined."""
    t = authz.get_transition_or_404(transition_id)
    form = DeclineForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        _log_view(t)
        db.session.commit()
        if is_htmx():
            return _row(t, status=status, decline_form=form)
        return _detail(t, status=status, decline_form=form)
    return _answer(t, services.decline, _("Declined."), form.decline_reason.data, form.declined_by.data,
                  form.response.data or None)


@bp.route("/<int:transition_id>/start", methods=["POST"])
@write_required
def start(transition_id):
    """진행 중으로 표시."""
    t = authz.get_transition_or_404(transition_id)
    return _answer(t, services.start, _("Marked as in progress."))


@bp.route("/<int:transition_id>/reply", methods=["POST"])
@write_required
def reply(transition_id):
    """회신: report the result to the sender."""
    t = authz.get_transition_or_404(transition_id)
    form = ResultForm()
    if not form.validate_on_submit():
        _log_view(t)
        db.session.commit()
        return _detail(t, status=422, result_form=form)
    return _answer(t, services.complete, _("The result was sent."), form.result.data)


@bp.route("/<int:transition_id>/withdraw", methods=["POST"])
@write_required
def withdraw(transition_id):
    """철회: the sender takes the request back."""
    t = authz.get_transition_or_404(transition_id)
    return _answer(t, services.withdraw, _("Withdrawn."))


@bp.route("/<int:transition_id>/reroute", methods=["POST"])
@write_required
def reroute(transition_id):
    """전달: forward to another organisation (needs consent for it too)."""
    t = authz.get_transition_or_404(transition_id)
    form = RerouteForm().set_orgs(queries.recipient_orgs(current_user.org_id))
    if not form.validate_on_submit():
        _log_view(t)
        db.session.commit()
        return _detail(t, status=422, reroute_form=form)
    to_org = db.session.get(Organization, form.to_org_id.data)
    try:
        new = services.reroute(t, current_user, to_org, form.reason.data)
    except services.TransitionRefused as exc:
        db.session.rollback()
        form.to_org_id.errors.append(str(exc))
        _log_view(t)
        db.session.commit()
        return _detail(t, status=422, reroute_form=form)
    db.session.commit()
    flash(_("Forwarded to %(org)s.", org=new.to_org.name), "success")
    return redirect_to(url_for("referrals.detail", transition_id=t.id))
