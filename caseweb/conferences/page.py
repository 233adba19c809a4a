"""Rendering the conference page: the agenda as the reader may see it, and the forms they may use."""
from flask import flash, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..cases import closure
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Conference
from ..models.conference import DECISION_KINDS, SELECTION_KINDS
from ..models.case import CASE_LEVELS
from . import queries
from .forms import (ActionItemForm, AgendaForm, DecisionForm, EmptyForm, InviteOrgForm, InvitePersonForm,
                    MinutesForm, ReasonForm)
from .services import EDITABLE, is_host


LOG_LABELS = {"scheduled": _l("Scheduled"), "held": _l("Held"), "confirmed": _l("Minutes confirmed"),
              "reopened": _l("Minutes reopened"), "cancelled": _l("Cancelled")}


def labels() -> dict:
    return {"decision_kinds": DECISION_KINDS, "selection_kinds": SELECTION_KINDS, "levels": CASE_LEVELS,
            "log_labels": LOG_LABELS}


def flags(conference: Conference) -> dict:
    """What the current user may do here: the same conditions the services enforce."""
    writer = current_user.can_write
    host = is_host(conference, current_user)
    editable = conference.status in EDITABLE
    supervisor_host = host and writer and current_user.has_role("supervisor")
    return {
        "can_edit": writer and editable,
        "can_manage": writer and host and editable,
        "can_hold": writer and host and conference.status == "scheduled",
        "can_confirm": supervisor_host and conference.status == "held",
        "can_reopen": supervisor_host and conference.status == "confirmed",
        "is_host": host,
    }


def decision_form(item, formdata=None, orgs=None, reasons=None):
    form = DecisionForm(formdata=formdata, prefix=f"d{item.id}")
    return form.set_choices(orgs if orgs is not None else queries.participant_orgs(item.conference),
                            reasons if reasons is not None else closure.closure_reasons())


def minutes_form(item, formdata=None):
    return MinutesForm(formdata=formdata, prefix=f"m{item.id}", data={"discussion": item.discussion or "",
                                                                       "version": item.version})


def action_form(conference, key, formdata=None, orgs=None, people=None):
    form = ActionItemForm(formdata=formdata, prefix=f"a{key}")
    return form.set_choices(orgs if orgs is not None else queries.participant_orgs(conference),
                            people if people is not None else queries.participant_people(conference))


def render_page(conference: Conference, status: int = 200, message: str | None = None, **override):
    """The conference page; `override` replaces a form (kept with what the user typed) by name."""
    rows = queries.agenda_rows(conference, current_user.org_id)
    orgs = queries.participant_orgs(conference)
    people = queries.participant_people(conference)
    can = flags(conference)
    forms = {"agenda_form": AgendaForm(formdata=None).set_cases(
                 queries.proposable_cases(conference, current_user.org_id)) if can["can_edit"] else None,
             "invite_org_form": InviteOrgForm(formdata=None).set_orgs(queries.invitable_orgs(conference))
             if can["can_manage"] and conference.kind != "internal" else None,
             "invite_person_form": InvitePersonForm(formdata=None).set_people(people) if can["can_manage"] else None,
             "reason_form": ReasonForm(formdata=None), "button_form": EmptyForm()}
    item_forms = {}
    if can["can_edit"]:
        reasons = closure.closure_reasons()
        for row in rows:
            if row.item is not None:
                item_forms[row.item_id] = {"minutes": minutes_form(row.item),
                                           "decision": decision_form(row.item, orgs=orgs, reasons=reasons),
                                           "action": action_form(conference, row.item_id, orgs=orgs, people=people)}
        item_forms[0] = {"action": action_form(conference, 0, orgs=orgs, people=people)}
    for name, form in override.items():
        if name in forms:
            forms[name] = form
        else:  # ("decision", item_id) style keys arrive as "decision:12"
            kind, _sep, key = name.partition(":")
            item_forms.setdefault(int(key), {})[kind] = form
    actions = queries.visible_actions(conference, rows, current_user.org_id)
    db.session.commit()  # the access-log rows of the agenda read
    return render("conferences/show.html", status=status, conference=conference, rows=rows, orgs=orgs,
                  actions=actions, item_forms=item_forms, message=message, **forms, **can, **labels())


def done(conference: Conference, message: str, anchor: str = ""):
    flash(message, "success")
    return redirect_to(url_for("conferences.show", conference_id=conference.id) + anchor)


def wants_fragment() -> bool:
    return is_htmx()
