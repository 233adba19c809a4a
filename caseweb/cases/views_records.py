"""Changing a case: workflow actions, contact notes. Each POST checks the version it was shown."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..audit import log_access
from ..authz import get_case_or_404, get_own_note_or_404
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from .. import once
from . import bp, workflow
from .actions import ACTIONS, PAGE_ACTIONS, build_form
from .changes import WorkflowError
from .forms import NoteEditForm, NoteForm
from .guidance import next_step, next_step_message
from .page import header_context, labels, render_case, require_tab, visible_tabs, writable_case


def stale_kept_message() -> str:
    return _("Someone else changed this case in the meantime. What you entered is kept below: "
             "check it against the current data and send it again.")


def _kept(step, case):
    """The user's form as typed, against the case's current version: a 409 loses no text."""
    form = build_form(step, case, formdata=request.form)
    form.version.data = case.version
    form.version.raw_data = [str(case.version)]
    return form


def _log_refused(case, action: str) -> None:
    """A refused change still showed the household's data again: log it (nothing else is pending)."""
    log_access(f"case_{action}_refused", household_id=case.household_id, case_id=case.id)
    db.session.commit()


@bp.route(f"/<int:case_id>/<any({', '.join(PAGE_ACTIONS)}):action>", methods=["POST"])
@login_required
def act(case_id, action):
    """Take one workflow step; stale or illegal requests re-render the page with the current data."""
    case = get_case_or_404(case_id)
    step = ACTIONS[action]
    tab = step.tab
    require_tab(case, tab)
    writable_case(case)
    if request.form.get(f"{action}-version", type=int) != case.version:
        _log_refused(case, action)
        return render_case(case, tab, {action: _kept(step, case)}, status=409, message=stale_kept_message())
    form = build_form(step, case, formdata=request.form)
    if not form.validate():
        _log_refused(case, action)
        return render_case(case, tab, {action: form}, status=422)
    try:
        step.run(case, current_user, form)
    except WorkflowError as exc:
        db.session.rollback()
        case = get_case_or_404(case_id)
        _log_refused(case, action)
        return render_case(case, tab, {action: _kept(step, case)}, status=409, message=exc.message)
    log_access(f"case_{action}", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    flash(step.message(case), "success")
    following = next_step_message(next_step(case, current_user, visible_tabs(case)))
    if following:
        flash(following, "info")
    return redirect_to(url_for("cases.show", case_id=case.id, tab=None if tab == "overview" else tab))


@bp.route("/<int:case_id>/notes", methods=["POST"])
@login_required
def add_note(case_id):
    """Add a contact note; htmx gets the new note to prepend and a fresh form."""
    case = get_case_or_404(case_id)
    require_tab(case, "notes")
    writable_case(case)
    form = NoteForm()
    if not form.validate():
        _log_refused(case, "note_add")
        return _note_form_error(case, form)
    submission, duplicate = once.claim(form.form_token.data, current_user, "note")
    if duplicate:  # a double click or a retry: the note is stored already; show the list as it is
        _log_refused(case, "note_add_repeat")
        flash(_("This note was already saved."), "info")
        return redirect_to(url_for("cases.show", case_id=case.id, tab="notes"))
    try:
        note = workflow.add_note(case, current_user, form.kind.data, form.contact_on.data, form.body.data,
                                 form.next_due.data)
    except WorkflowError as exc:
        db.session.rollback()
        case = get_case_or_404(case_id)
        _log_refused(case, "note_add")
        return render_case(case, "notes", status=409, message=exc.message, note_form=form)
    if submission is not None:
        submission.object_id = note.id
    log_access("case_note_add", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    flash(ACTIONS["note"].message(case), "success")  # htmx: out of band with the new note (htmx.py)
    if is_htmx():  # the fresh form says it was saved, next to where the worker is writing
        return render("cases/_note_added.html", case=case, note=note, note_form=NoteForm(formdata=None),
                      saved_note=note, **header_context(case), **labels())
    return redirect_to(url_for("cases.show", case_id=case.id, tab="notes"))


def _note_form_error(case, form):
    if is_htmx():
        response = render("cases/_note_form.html", status=422, case=case, note_form=form)
        response.headers["HX-Retarget"] = "#note-form"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return render_case(case, "notes", status=422, note_form=form)


@bp.route("/<int:case_id>/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def edit_note(case_id, note_id):
    """Correct a note; a stale version gets 409 and the note as it is now."""
    case = get_case_or_404(case_id)
    require_tab(case, "notes")
    writable_case(case)
    note = get_own_note_or_404(case, note_id)
    form = NoteEditForm(obj=note if request.method == "GET" else None)
    status, message = 200, None
    if request.method == "POST":
        if form.version.data != note.version:
            # Keep what the user typed; the page shows the note as saved now next to it.
            form.version.data, form.version.raw_data = note.version, [str(note.version)]
            status, message = 409, stale_kept_message()
        elif form.validate():
            workflow.edit_note(note, case, current_user, form.contact_on.data, form.body.data, form.next_due.data)
            log_access("case_note_edit", household_id=case.household_id, case_id=case.id, target=f"note:{note.id}")
            db.session.commit()
            if is_htmx():
                return render("cases/_note.html", case=case, note=note, **labels())
            flash(_("Note updated."), "success")
            return redirect_to(url_for("cases.show", case_id=case.id, tab="notes"))
        else:
            status = 422
    action = "case_note_view" if request.method == "GET" else "case_note_edit_refused"
    log_access(action, household_id=case.household_id, case_id=case.id, target=f"note:{note.id}")
    db.session.commit()
    return render("cases/note_edit.html", block="note_edit", status=status, case=case, note=note,
                  form=form, message=message, **labels())
