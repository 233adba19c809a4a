"""Lists and entries: what the office has to check, one entry's page, its result."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import log_access
from ..authz import (CASE_ROLES, get_entry_or_404, get_list_or_404, role_required, visible_entry_clause,
                     visible_list_clause, write_required)
from ..extensions import db
from ..households.duplicates import Match, describe
from ..households.services import dong_names
from ..htmx import redirect_to, render
from ..models import Organization, ScreeningEntry, ScreeningList, User
from ..models.household import Household
from ..timeutil import seoul_today
from . import bp, services
from .forms import AssignForm, EntryForm, OutcomeForm, ReasonForm

FILTERS = ("open", "done", "all")


@bp.route("/")
@role_required(*CASE_ROLES)
def index():
    """The lists this organisation uploaded or has entries to check on."""
    lists = list(db.session.scalars(select(ScreeningList).where(visible_list_clause(current_user.org_id))
                                    .order_by(ScreeningList.received_on.desc(), ScreeningList.id.desc())))
    mine = services.list_counts([sl.id for sl in lists], current_user.org_id)
    everyone = services.list_counts([sl.id for sl in lists if sl.org_id == current_user.org_id], None)
    log_access("screening_lists")
    db.session.commit()
    return render("screening/index.html", lists=lists, mine=mine, everyone=everyone)


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


@bp.route("/lists/<int:list_id>")
@role_required(*CASE_ROLES)
def show_list(list_id):
    """The entries of a list this organisation may see, open ones first."""
    screening_list = get_list_or_404(list_id)
    show = request.args.get("show", "open")
    show = show if show in FILTERS else "open"
    page, per_page = _page(), current_app.config["PAGE_SIZE"] * 2
    stmt = select(ScreeningEntry).where(ScreeningEntry.list_id == screening_list.id,
                                        visible_entry_clause(current_user.org_id))
    if show == "open":
        stmt = stmt.where(ScreeningEntry.outcome.is_(None))
    elif show == "done":
        stmt = stmt.where(ScreeningEntry.outcome.is_not(None))
    rows = list(db.session.scalars(stmt.order_by(ScreeningEntry.row_number, ScreeningEntry.id)
                                   .offset((page - 1) * per_page).limit(per_page + 1)))
    entries, has_next = rows[:per_page], len(rows) > per_page
    log_access("screening_list_view", target=f"screening_list:{screening_list.id}")
    db.session.commit()
    return render("screening/list.html", block="entry_list", screening_list=screening_list, entries=entries,
                  show=show, page=page, has_next=has_next, reason_form=ReasonForm())


def _entry_page(entry, outcome_form=None, assign_form=None, status=200):
    matches = []
    household = db.session.get(Household, entry.match_household_id) if entry.match_household_id else None
    if household is not None:
        match = Match(household.id, list(entry.match_kinds or []), name_agrees=household.head_name_norm == entry.name_norm)
        matches = describe([match], current_user.org_id)
    outcome_form = outcome_form or OutcomeForm(outcome=entry.outcome, outcome_on=entry.outcome_on or seoul_today(),
                                               note=entry.outcome_note)
    assign_form = assign_form or _assign_form(entry)
    return render("screening/entry.html", status=status, entry=entry, matches=matches, outcome_form=outcome_form,
                  assign_form=assign_form, can_change=services.can_change(entry, current_user),
                  awaits_intake=services.awaits_intake(entry, current_user),
                  can_send=current_user.can_write and current_user.org_id == entry.list.org_id)


def _assign_form(entry, formdata=None):
    form = AssignForm(formdata=formdata, org_id=str(entry.assigned_org_id or ""), worker_id=str(entry.worker_id or ""))
    offices = db.session.scalars(select(Organization).where(Organization.kind == "dong_office",
                                                            Organization.active.is_(True)).order_by(Organization.name))
    form.org_id.choices = [("", _("Not assigned"))] + [(str(o.id), o.name) for o in offices]
    workers = db.session.scalars(select(User).where(User.org_id == current_user.org_id, User.active.is_(True),
                                                    User.role.in_(("worker", "supervisor"))).order_by(User.name))
    form.worker_id.choices = [("", _("Not assigned"))] + [(str(u.id), u.name) for u in workers]
    return form


@bp.route("/entries/<int:entry_id>")
@role_required(*CASE_ROLES)
def show_entry(entry_id):
    """One entry: who it is, whether they are already served, the result of the check."""
    entry = get_entry_or_404(entry_id)
    log_access("screening_entry_view", target=f"screening_entry:{entry.id}")
    db.session.commit()
    return _entry_page(entry)


@bp.route("/entries/<int:entry_id>/outcome", methods=["POST"])
@write_required
def outcome(entry_id):
    """Record the result; 사례관리 대상 goes on to the intake registration form."""
    entry = get_entry_or_404(entry_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _entry_page(entry, outcome_form=form, status=422)
    try:
        services.record_outcome(entry, current_user, form.outcome.data, form.outcome_on.data, form.note.data)
    except services.ScreeningError as exc:
        db.session.rollback()
        form.outcome.errors.append(exc.message)
        return _entry_page(entry, outcome_form=form, status=422)
    log_access("screening_outcome", target=f"screening_entry:{entry.id}", reason=entry.outcome)
    db.session.commit()
    if services.awaits_intake(entry, current_user):
        flash(_("Result saved. Check the household's details and open the intake."), "success")
        return redirect_to(url_for("screening.intake", entry_id=entry.id))
    flash(_("Result saved."), "success")
    return redirect_to(url_for("screening.show_list", list_id=entry.list_id))


@bp.route("/entries/<int:entry_id>/assign", methods=["POST"])
@write_required
def assign(entry_id):
    """Send the entry to another dong office, or give it to a worker."""
    entry = get_entry_or_404(entry_id)
    form = _assign_form(entry, formdata=request.form)
    if not form.validate_on_submit():
        return _entry_page(entry, assign_form=form, status=422)
    try:
        services.assign(entry, current_user, int(form.org_id.data) if form.org_id.data else None,
                        int(form.worker_id.data) if form.worker_id.data else None)
    except services.ScreeningError as exc:
        db.session.rollback()
        form.worker_id.errors.append(exc.message)
        return _entry_page(entry, assign_form=form, status=422)
    log_access("screening_assign", target=f"screening_entry:{entry.id}")
    db.session.commit()
    flash(_("Assignment saved."), "success")
    return redirect_to(url_for("screening.show_entry", entry_id=entry.id))


@bp.route("/entries/new", methods=["GET", "POST"])
@write_required
def new_entry():
    """A household reported by hand, e.g. a neighbour's call."""
    form = EntryForm(dongs=dong_names(), rrn_allowed=current_user.org.rrn_allowed)
    if form.validate_on_submit():
        entry = services.add_manual_entry(current_user, {name: getattr(form, name).data for name in (
            "name", "birth_date", "address", "dong", "phone", "reason")}, form.rrn_digits)
        log_access("screening_entry_create", target=f"screening_entry:{entry.id}")
        db.session.commit()
        flash(_("The report was recorded."), "success")
        return redirect_to(url_for("screening.show_entry", entry_id=entry.id))
    return render("screening/entry_form.html", status=422 if request.method == "POST" else 200, form=form)
