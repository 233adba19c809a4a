"""오늘 방문 for workers on tablets, with a one-tap note; the team board for supervisors."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import timeutil
from ..audit import log_access
from ..authz import get_case_or_404, role_required
from ..cases import workflow
from ..cases.changes import WorkflowError
from ..cases.forms import NoteForm
from ..extensions import db
from ..htmx import is_htmx, render
from . import bp, field


def _visit_form(case_id: int, formdata=None) -> NoteForm:
    form = NoteForm(formdata=formdata, prefix=f"visit{case_id}")
    if formdata is None:
        form.kind.data = "visit"
    return form


@bp.route("/today")
@role_required("worker", "supervisor", "viewer")
def today():
    """Households with a visit or contact due today or overdue, as cards with a one-tap note."""
    day = timeutil.seoul_today()
    visits = field.visits_due(current_user, day)
    for visit in visits:  # cards show address and phone: each household's read is logged
        log_access("today_visit_card", household_id=visit.case.household_id, case_id=visit.case.id)
    db.session.commit()
    forms = {v.case.id: _visit_form(v.case.id) for v in visits} if current_user.can_write else {}
    return render("dashboard/today.html", visits=visits, forms=forms, today=day)


@bp.route("/today/<int:case_id>/note", methods=["POST"])
@role_required("worker", "supervisor")
def today_note(case_id):
    """Save the card's note (contact today); htmx gets the card back with its confirmation."""
    case = get_case_or_404(case_id)
    form = _visit_form(case.id, request.form)
    day = timeutil.seoul_today()
    form.contact_on.data = day
    error = None
    if form.validate():
        try:
            workflow.add_note(case, current_user, form.kind.data, day, form.body.data, form.next_due.data)
        except WorkflowError as exc:
            db.session.rollback()
            case, error = get_case_or_404(case_id), exc.message
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    log_access("case_note_add" if error is None else "case_note_add_refused",
               household_id=case.household_id, case_id=case.id)
    db.session.commit()
    if not is_htmx():
        flash(error or _("Note saved for %(name)s.", name=case.household.head_name),
              "error" if error else "success")
        return redirect(url_for("dashboard.today"))
    visit = next((v for v in field.visits_due(current_user, day) if v.case.id == case.id), None)
    if visit is None:  # the contact met the deadline: the card shows it is done
        visit = field.Visit(case, field.facts_for([case], current_user.org_id, day)[case.id], False)
    return render("dashboard/_visit_card.html", status=422 if error else 200, visit=visit,
                  form=form if error else None, saved=error is None, error=error, today=day)


@bp.route("/team")
@role_required("supervisor")
def team():
    """The team board: each worker's open cases, overdue tasks and closures waiting, with links."""
    board = field.team_board(current_user, timeutil.seoul_today())
    log_access("team_board_view", target=f"workers={len(board)}")
    db.session.commit()
    return render("dashboard/team.html", board=board)
