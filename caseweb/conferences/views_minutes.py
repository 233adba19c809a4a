"""In the meeting: minutes (autosaved, version-checked), decisions, action items, confirming and reopening."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import log_access
from ..authz import get_conference_or_404, write_required
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import ActionItem, Decision, User
from ..timeutil import utcnow
from . import bp, decisions, minutes, queries
from .page import action_form, decision_form, done, labels, minutes_form, render_page
from .services import ConferenceRefused
from .views import _refused, step


def _item(conference_id, item_id):
    conference = get_conference_or_404(conference_id)
    return conference, queries.visible_item_or_404(conference, item_id, current_user.org_id)


def _log_item(item, action: str) -> None:
    log_access(action, household_id=item.case.household_id, case_id=item.case_id,
               target=f"conference:{item.conference_id}")


@bp.route("/<int:conference_id>/agenda/<int:item_id>/minutes", methods=["POST"])
@write_required
def save_minutes(conference_id, item_id):
    """Save one case's minutes; htmx autosaves; a save from an older version gets 409 and the other's text."""
    conference, item = _item(conference_id, item_id)
    form = minutes_form(item, formdata=request.form)
    if not form.validate():
        _log_item(item, "conference_minutes_refused")
        db.session.commit()
        return _minutes_fragment(item, form, 422, _("The minutes are too long."))
    try:
        minutes.save_discussion(item, current_user, form.discussion.data, form.version.data)
    except minutes.StaleMinutes as exc:
        db.session.rollback()
        conference, item = _item(conference_id, item_id)
        _log_item(item, "conference_minutes_conflict")
        db.session.commit()
        mine = minutes_form(item, formdata=request.form)
        mine.version.data = item.version  # saving again (after merging) is then deliberate
        return _minutes_fragment(item, mine, 409, exc.message, theirs=item)
    except ConferenceRefused as exc:
        return _refused(conference, exc) if not is_htmx() else _minutes_fragment(item, form, 409, exc.message)
    _log_item(item, "conference_minutes_save")
    db.session.commit()
    if is_htmx():
        return render("conferences/_minutes_saved.html", item=item, saved_at=utcnow())
    return done(conference, _("Minutes saved."), f"#item-{item.id}")


def _minutes_fragment(item, form, status, message, theirs=None):
    if not is_htmx():
        return render_page(item.conference, status=status, message=message, **{f"minutes:{item.id}": form})
    response = render("conferences/_minutes.html", status=status, item=item, mform=form, minutes_message=message,
                      theirs=theirs, can_edit=True)
    response.headers["HX-Retarget"] = f"#minutes-{item.id}"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.route("/<int:conference_id>/agenda/<int:item_id>/decisions", methods=["POST"])
@write_required
def add_decision(conference_id, item_id):
    """Record a typed decision; it takes effect when the minutes are confirmed."""
    conference, item = _item(conference_id, item_id)
    form = decision_form(item, formdata=request.form)
    message, status = None, 200
    if form.validate():
        try:
            decisions.record(item, current_user, kind=form.kind.data, selection_kind=form.selection_kind.data or None,
                             level=form.level.data or None, org_id=form.org_id.data or None,
                             reason=form.reason.data or None, note=form.note.data)
        except ConferenceRefused as exc:
            db.session.rollback()
            conference, item = _item(conference_id, item_id)
            message, status = exc.message, 409
        else:
            form = decision_form(item)
    else:
        message, status = _("Choose the kind of decision."), 422
    _log_item(item, "conference_decision_add" if status == 200 else "conference_decision_refused")
    db.session.commit()
    return _decisions(conference, item, form, status, message)


def _decisions(conference, item, form, status, message):
    if is_htmx():
        return render("conferences/_decisions.html", status=status, item=item, dform=form, decision_message=message,
                      can_edit=conference.status in ("scheduled", "held"), **labels())
    if status != 200:
        return render_page(conference, status=status, message=message, **{f"decision:{item.id}": form})
    return done(conference, _("Decision recorded. It takes effect when the minutes are confirmed."),
                f"#item-{item.id}")


@bp.route("/<int:conference_id>/decisions/<int:decision_id>/remove", methods=["POST"])
@write_required
def remove_decision(conference_id, decision_id):
    """Remove a decision that has not taken effect yet."""
    conference = get_conference_or_404(conference_id)
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.item.conference_id != conference.id:
        abort(404)
    item = queries.visible_item_or_404(conference, decision.item_id, current_user.org_id)
    message, status = None, 200
    try:
        decisions.remove(decision, current_user)
    except ConferenceRefused as exc:
        db.session.rollback()
        conference, item = _item(conference_id, item.id)
        message, status = exc.message, 409
    _log_item(item, "conference_decision_remove")
    db.session.commit()
    db.session.refresh(item)
    return _decisions(conference, item, decision_form(item), status, message)


@bp.route("/<int:conference_id>/actions", methods=["POST"])
@write_required
def add_action(conference_id):
    """Add an action item (for the whole conference, or under one agenda case); htmx gets the updated list."""
    conference = get_conference_or_404(conference_id)
    item_id = request.form.get("item_id", type=int) or 0
    item = queries.visible_item_or_404(conference, item_id, current_user.org_id) if item_id else None
    form = action_form(conference, item_id, formdata=request.form)
    message, status = None, 200
    if form.validate():
        person = db.session.get(User, form.assignee_user_id.data) if form.assignee_user_id.data else None
        try:
            minutes.add_action(conference, current_user, what=form.what.data, due_on=form.due_on.data, item=item,
                               assignee_org_id=form.assignee_org_id.data, assignee=person)
        except ConferenceRefused as exc:
            if not is_htmx():
                return _refused(conference, exc, **{f"action:{item_id}": form})
            db.session.rollback()
            conference = get_conference_or_404(conference_id)
            message, status = exc.message, 409
        else:
            form = action_form(conference, item_id)
    else:
        if not is_htmx():
            return _refused(conference, ConferenceRefused(_("Say what is to be done and by whom.")), 422,
                            **{f"action:{item_id}": form})
        message, status = _("Say what is to be done and by whom."), 422
    log_access("conference_action_add" if status == 200 else "conference_action_refused",
               target=f"conference:{conference.id}")
    db.session.commit()
    if is_htmx():
        return _action_block(conference, item_id, form, status, message)
    return done(conference, _("Action item added."), f"#item-{item_id}" if item_id else "#actions")


def _action_block(conference, item_id, form, status=200, message=None):
    """The action list of one agenda case (or of the whole conference, item_id 0) with its form."""
    db.session.refresh(conference)
    block = [a for a in conference.action_items if (a.item_id or 0) == item_id]
    editable = conference.status in ("scheduled", "held") and current_user.can_write
    return render("conferences/_action_block.html", status=status, conference=conference, block_actions=block,
                  aform=form if editable else None, action_item_id=item_id, action_message=message,
                  can_edit=editable)


def _action_or_404(action_id) -> ActionItem:
    """An action item of a conference the organisation takes part in (under a case it may see)."""
    action = db.session.get(ActionItem, action_id)
    if action is None:
        abort(404)
    conference = get_conference_or_404(action.conference_id)
    if action.item_id and action.assignee_org_id != current_user.org_id:
        queries.visible_item_or_404(conference, action.item_id, current_user.org_id)
    return action


@bp.route("/actions/<int:action_id>/remove", methods=["POST"])
@write_required
def remove_action(action_id):
    """Remove an action item while the minutes are open."""
    action = _action_or_404(action_id)
    conference, item_id = action.conference, action.item_id or 0
    message, status = None, 200
    try:
        minutes.remove_action(action, current_user)
    except ConferenceRefused as exc:
        if not is_htmx():
            return _refused(conference, exc)
        db.session.rollback()
        message, status = exc.message, 409
    log_access("conference_action_remove", target=f"conference:{conference.id}")
    db.session.commit()
    if is_htmx():
        return _action_block(conference, item_id, action_form(conference, item_id), status, message)
    return done(conference, _("Action item removed."), "#actions")


@bp.route("/actions/<int:action_id>/done", methods=["POST"])
@write_required
def action_done(action_id):
    """Tick an action off (from the dashboard or the conference page); htmx removes its row."""
    action = _action_or_404(action_id)
    try:
        minutes.mark_done(action, current_user)
    except ConferenceRefused as exc:
        db.session.rollback()
        abort(403, exc.message)
    log_access("conference_action_done", target=f"conference:{action.conference_id}")
    db.session.commit()
    if is_htmx():
        return render("conferences/_action_done.html", action=action)
    if request.form.get("back") == "dashboard":
        flash(_("Action item done."), "success")
        return redirect_to(url_for("dashboard.index"))
    return done(action.conference, _("Action item done."), "#actions")


@bp.route("/<int:conference_id>/confirm", methods=["POST"])
@write_required
def confirm(conference_id):
    """Confirm the minutes: every decision takes effect in its case, once."""
    conference = get_conference_or_404(conference_id)
    def log(_applied):
        for item in conference.agenda:
            _log_item(item, "conference_confirm")
    return step(conference, lambda: decisions.confirm(conference, current_user),
                lambda applied: _("Minutes confirmed. %(n)d decisions took effect in the cases.", n=applied), log=log)


@bp.route("/<int:conference_id>/reopen", methods=["POST"])
@write_required
def reopen(conference_id):
    """Reopen confirmed minutes (a supervisor of the host, with the reason recorded)."""
    conference = get_conference_or_404(conference_id)
    reason = request.form.get("reason", "")
    return step(conference, lambda: decisions.reopen(conference, current_user, reason), _("Minutes reopened."),
                log=lambda _result: log_access("conference_reopen", target=f"conference:{conference.id}"))
