"""Rendering a case page: its visible tabs, the action forms the user may use, the tab's data."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authz import case_sections, may_edit_note
from ..extensions import db
from ..htmx import render
from ..models import Assessment, Note, Plan
from ..models.case import CASE_LEVELS
from ..models.org import PROGRAMMES
from ..models.transition import CASE_SECTIONS
from ..models.records import CRISIS_LEVELS, NEED_DOMAINS, NEED_LEVELS
from .. import timeutil
from . import closure, guard
from .actions import ACTIONS, build_form
from .assessments import changes_by_assessment
from .deadlines import tasks_for
from .facts import contacts_by_org, facts_for
from .guidance import next_step
from .forms import ApproveClosureForm, NoteForm, ReturnClosureForm
from .timeline import EVENT_LABELS, entries

TABS = tuple(CASE_SECTIONS)  # overview, assessment, plan, notes, history
# Panels other features show on the overview: context name -> function(case) -> its data. They
# register themselves (referrals' team panel), so the case page depends on none of them.
OVERVIEW_PANELS: dict = {}


def overview_panel(name: str):
    """Register a function(case) -> dict that prepares a panel the overview tab includes as `name`."""
    def register(func):
        OVERVIEW_PANELS[name] = func
        return func
    return register



def labels() -> dict:
    """Label lookups (and the note-edit check) the case templates share."""
    return {"may_edit_note": may_edit_note, "actions": ACTIONS, "programmes": PROGRAMMES, "levels": CASE_LEVELS, "crisis_levels": CRISIS_LEVELS,
            "need_levels": NEED_LEVELS, "event_labels": EVENT_LABELS, "section_labels": CASE_SECTIONS}


def visible_tabs(case) -> list[str]:
    """The lead sees every tab; a partner its sections, and always the notes tab for its own notes."""
    sections = case_sections(current_user.org_id, case)
    return [t for t in TABS if sections is None or t in sections or t == "notes"]


def own_notes_only(case) -> bool:
    """A partner not given the notes section reads only its own organisation's notes."""
    sections = case_sections(current_user.org_id, case)
    return sections is not None and "notes" not in sections


def require_tab(case, tab: str) -> None:
    """404 for a tab the user's organisation was not given (as if it did not exist)."""
    if tab not in visible_tabs(case):
        abort(404)


def writable_case(case) -> None:
    if not current_user.can_write:
        abort(403)


def action_forms(case, tab: str, override: dict | None = None) -> dict:
    """Forms of the tab's actions that are legal now, in the registry's order (if the tab is visible)."""
    if tab not in visible_tabs(case):
        return {}
    override = override or {}
    return {name: override.get(name) or build_form(ACTIONS[name], case)
            for name in guard.allowed(case, current_user)
            if ACTIONS[name].on_page and ACTIONS[name].tab == tab}


def decision_forms(case, override: dict | None = None) -> dict:
    """Approve / return forms, for a supervisor of the lead while a closure request waits."""
    if not (case.closure_pending and closure.is_supervisor_of_lead(case, current_user)):
        return {}
    override = override or {}
    version = {"version": case.version}
    return {"approve": override.get("approve") or ApproveClosureForm(formdata=None, prefix="approve", data=version),
            "return": override.get("return") or ReturnClosureForm(formdata=None, prefix="return", data=version)}


def _tab_data(case, tab: str) -> dict:
    if tab == "assessment":
        assessments = db.session.scalars(select(Assessment).where(Assessment.case_id == case.id)
                                         .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())).all()
        return {"assessments": assessments, "need_changes": changes_by_assessment(assessments),
                "need_domains": NEED_DOMAINS}
    if tab == "plan":
        return {"plans": db.session.scalars(select(Plan).where(Plan.case_id == case.id).order_by(Plan.id.desc())
                                            .options(selectinload(Plan.goals), selectinload(Plan.services))).all(),
                "need_domains": NEED_DOMAINS}
    if tab == "notes":
        query = select(Note).where(Note.case_id == case.id)
        if own_notes_only(case):
            query = query.where(Note.org_id == current_user.org_id)
        return {"notes": db.session.scalars(query.options(selectinload(Note.author), selectinload(Note.org))
                                            .order_by(Note.contact_on.desc(), Note.id.desc())).all(),
                "own_notes_only": own_notes_only(case)}
    if tab == "history":
        return {"timeline": entries(case, own_org_id=current_user.org_id, own_notes_only=own_notes_only(case))}
    return {}


def header_context(case) -> dict:
    """What the case header shows: the household at a glance, the team's latest contacts, the next step."""
    tabs = visible_tabs(case)
    tasks = tasks_for(case)
    return {"facts": facts_for([case], current_user.org_id, timeutil.seoul_today())[case.id],
            "contacts": contacts_by_org(case, current_user.org_id if own_notes_only(case) else None), "next_step": next_step(case, current_user, tabs),
            "tasks": tasks, "next_task": tasks[0] if tasks else None}


def render_case(case, tab: str = "overview", forms: dict | None = None, status: int = 200,
                message: str | None = None, note_form=None, closure_forms: dict | None = None):
    """The case page (or, for htmx, only its tab panel)."""
    can_note = "note" in guard.allowed(case, current_user) and "notes" in visible_tabs(case)
    context = {
        "case": case, "household": case.household, "tab": tab, "tabs": visible_tabs(case),
        "forms": action_forms(case, tab, forms), "open_forms": set(forms or {}), **header_context(case),
        "message": message, "note_form": note_form or (NoteForm(formdata=None) if can_note else None),
        "can_note": can_note, "can_write": current_user.can_write,
        "closure_forms": decision_forms(case, closure_forms),
        "is_supervisor": current_user.has_role("supervisor"),
    }
    if tab == "overview":
        context.update({name: prepare(case) for name, prepare in OVERVIEW_PANELS.items()})
    context.update(_tab_data(case, tab))
    context.update(labels())
    return render("cases/show.html", block="tab_panel", status=status, **context)
