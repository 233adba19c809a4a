"""The case actions: each workflow step declared once.

An entry names its form, the tab that shows it, the statuses it may start from, whether
only the lead organisation may take it, the service it calls, the messages the user sees,
its line in the case history, what it is called when it is the next step (`guide`), whether its form
waits behind a button (`disclosure`), and (by its name) its template block in
`templates/cases/_actions.html`. The view (`views_records.act`), the page (`page.action_forms`),
the step guidance (`guidance.next_step`) and the guard every service passes (`guard.check`) all
read this table. Adding an action: one entry here, its service function, its block.
"""
from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Organization
from . import assessments, closure, guard, workflow
from .forms import (AssessmentForm, CloseForm, CompleteForm, FollowUpForm, IntakeForm, NoteForm, PlanForm,
                    ReopenForm, SelectionForm)

ACTIVE = ("service", "linkage")
OPEN = ("screening", "intake", "assessed", "planning", *ACTIVE)
ENDED = ("closed", "follow_up", "completed")


@dataclass(frozen=True)
class Action:
    name: str
    form: type
    tab: str  # the case tab that shows the form (a partner needs that section to use it)
    statuses: tuple[str, ...]  # the case statuses it may start from
    refused: Any  # shown when the status does not allow it
    done: Any  # shown after it succeeded
    run: Callable[[Any, Any, Any], Any] | None  # (case, user, validated form) -> calls the service
    history: Any = None  # its entry in the case history (the CaseEvent's action is the action's name)
    lead_only: bool = False  # decisions about the case belong to the lead organisation
    initial: Callable[[Any], dict] | None = None  # (case) -> form data beyond the version
    prepare: Callable[[Any], None] | None = None  # (form) -> fills choices from the database
    blocked_by: Callable[[Any], Any] | None = None  # (case) -> a reason it cannot be taken now, or None
    done_pending: Any = None  # shown instead of `done` when the case now waits for approval
    # The next step of a case is the first action in this table with a guide that its status allows.
    guide: Any = None  # what to do, said as the next step ("Decide the selection")
    disclosure: Any = None  # the button that opens the form, for actions not taken on most visits

    @property
    def anchor(self) -> str:
        """The id of its form on the page (the guidance links there)."""
        return "note-form" if self.name == "note" else f"action-{self.name}"

    @property
    def on_page(self) -> bool:
        """Posted to `cases.act` from its block; False for actions with their own view (notes)."""
        return self.run is not None

    def message(self, case) -> str:
        if self.done_pending is not None and case.closure_pending:
            return str(self.done_pending)
        return str(self.done)


def _assessment_args(f) -> tuple:
    return f.assessed_on.data, f.needs(), f.strengths.data, f.summary.data, f.crisis_level.data


def _set_providers(form) -> None:
    form.set_providers(db.session.scalars(
        select(Organization).where(Organization.active.is_(True)).order_by(Organization.name)))


def _closure_pending(case):
    return _l("A closure request is already waiting for approval.") if case.closure_pending else None


ACTIONS = {a.name: a for a in (
    Action("intake", IntakeForm, "overview", ("screening",),
           _l("Intake can only be recorded for a newly found or referred case."), _l("Intake recorded."),
           lambda case, user, f: workflow.record_intake(case, user, f.intake_on.data, f.source.data, f.body.data),
           history=_l("Intake recorded"), guide=_l("Record the intake interview"),
           initial=lambda case: {"source": case.source}),  # entered when the case was opened
    Action("assessment", AssessmentForm, "assessment", ("intake",),
           _l("Only a case with a recorded intake can be assessed."), _l("Assessment recorded."),
           lambda case, user, f: workflow.record_assessment(case, user, *_assessment_args(f)),
           history=_l("Assessment recorded"), guide=_l("Assess the needs and the crisis level")),
    Action("select", SelectionForm, "overview", ("assessed",),
           _l("Only an assessed case can be selected."), _l("Selection recorded."),
           lambda case, user, f: workflow.select(case, user, f.kind.data, f.level.data or None,
                                                 f.selected_on.data, f.conference_on.data),
           history=_l("Selection decided"), lead_only=True,
           guide=_l("Decide the selection (case management, service linkage or not selected)")),
    Action("plan", PlanForm, "plan", ("planning",),
           _l("A service plan can only be made for a selected case-management case."), _l("Service plan saved."),
           lambda case, user, f: workflow.make_plan(case, user, f.planned_on.data, f.goal_dicts(), f.service_dicts()),
           history=_l("Service plan made"), prepare=_set_providers, guide=_l("Make the service plan")),
    Action("note", NoteForm, "notes", OPEN,  # a partner records its visits before the lead has a plan
           _l("Contact notes can only be added while the case is open."), _l("Note added."),
           None, guide=_l("Record contacts and monitoring checks")),  # its own view: htmx prepends the new note (views_records.add_note); history "note_added"
    Action("reassess", AssessmentForm, "assessment", ACTIVE,
           _l("Only a case in service can be reassessed."), _l("Reassessment recorded."),
           lambda case, user, f: workflow.reassess(case, user, *_assessment_args(f), level=f.level.data or None),
           history=_l("Reassessed"), initial=assessments.carried_over,
           disclosure=_l("Start a reassessment")),
    Action("close", CloseForm, "overview", ACTIVE,
           _l("Only a case in service can be closed."), _l("Case closed."),
           lambda case, user, f: closure.close_or_request(case, user, f.closed_on.data, f.reason.data,
                                                          f.comment.data),
           history=_l("Closed"), lead_only=True, prepare=lambda form: form.set_reasons(closure.closure_reasons()),
           blocked_by=_closure_pending, disclosure=_l("Close the case…"),
           done_pending=_l("Closure requested. A supervisor of your organisation will review it.")),
    Action("follow_up", FollowUpForm, "overview", ("closed", "follow_up"),
           _l("Follow-up checks can only be recorded for a closed case."), _l("Follow-up check recorded."),
           lambda case, user, f: workflow.record_follow_up(case, user, f.follow_up_on.data, f.body.data),
           history=_l("Follow-up check"), guide=_l("Record the follow-up check")),
    Action("complete", CompleteForm, "overview", ("closed", "follow_up"),
           _l("Only a closed case can be completed."), _l("Case completed."),
           lambda case, user, f: workflow.complete(case, user, f.completed_on.data),
           history=_l("Completed"), lead_only=True),
    Action("reopen", ReopenForm, "overview", ENDED,
           _l("Only a closed or completed case can be reopened."), _l("Case reopened."),
           lambda case, user, f: workflow.reopen(case, user, f.reason.data),
           history=_l("Reopened"), lead_only=True, disclosure=_l("Reopen the case…")),
)}
PAGE_ACTIONS = tuple(name for name, a in ACTIONS.items() if a.on_page)
guard.register(ACTIONS.values())


def build_form(action: Action, case, formdata=None):
    """The action's form for `case`, prefixed with its name so several forms share one page."""
    data = {"version": case.version, **(action.initial(case) if action.initial else {})}
    form = action.form(formdata=formdata, prefix=action.name, data=data)
    if action.prepare:
        action.prepare(form)
    return form
