"""Dashboard tiles and my tasks; features register their tile providers in caseweb.tiles."""
from dataclasses import dataclass

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from .. import timeutil
from ..authz import visible_case_clause
from ..cases.closure import pending_count as pending_closures
from ..cases.deadlines import Task, tasks_for
from ..cases.queries import ACTIVE_STATUSES
from ..extensions import db
from ..models import Case, Note
from ..tiles import sections, tile_provider, tiles  # noqa: F401 (the dashboard view shows sections and tiles)

OPEN_STATUSES = ("screening", "intake", "assessed", "planning", "service", "linkage", "closed", "follow_up")


@dataclass
class MyTask:
    task: Task
    case: Case


def my_open_cases(user) -> list[Case]:
    """Cases I manage that are not completed, with their household."""
    return list(db.session.scalars(
        select(Case).where(Case.manager_id == user.id, Case.status.in_(OPEN_STATUSES),
                           visible_case_clause(user.org_id))
        .options(joinedload(Case.household)).order_by(Case.due_on.is_(None), Case.due_on, Case.id)))


def _follow_up_counts(cases) -> dict[int, int]:
    """Follow-up notes since closure per closed case, in one query instead of one per case."""
    ids = [c.id for c in cases if c.closed_on]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Note.case_id, func.count(Note.id)).join(Case, Case.id == Note.case_id)
        .where(Note.case_id.in_(ids), Note.kind == "follow_up", and_(Note.contact_on >= Case.closed_on))
        .group_by(Note.case_id))
    return dict(rows.all())


def my_tasks(user) -> tuple[list[MyTask], list[Case]]:
    """My overdue and upcoming tasks (overdue first), and my open cases; once per request."""
    cached = g.get("_my_tasks")
    if cached and cached[0] == user.id:
        return cached[1]
    today = timeutil.seoul_today()
    cases = my_open_cases(user)
    counts = _follow_up_counts(cases)
    tasks = [MyTask(task, case) for case in cases
             for task in tasks_for(case, today=today, follow_ups=counts.get(case.id, 0))
             if task.overdue or task.upcoming]
    tasks.sort(key=lambda t: (not t.task.overdue, t.task.due_on, t.case.id))
    g._my_tasks = (user.id, (tasks, cases))
    return tasks, cases


@tile_provider
def case_tiles(user) -> list[dict]:
    """Overdue and upcoming tasks, my active cases, cases waiting for assessment."""
    if not user.reads_cases:
        return []
    tasks, cases = my_tasks(user)
    overdue = sum(1 for t in tasks if t.task.overdue)
    return [
        {"title": _("Overdue tasks"), "count": overdue, "url": url_for("cases.index", overdue=1),
         "tone": "danger" if overdue else "ok"},
        {"title": _("Due within a week"), "count": len(tasks) - overdue,
         "url": url_for("dashboard.index") + "#my-tasks", "tone": "warn"},
        {"title": _("My active cases"), "count": sum(1 for c in cases if c.status in ACTIVE_STATUSES),
         "url": url_for("cases.index", status="active"), "tone": "plain"},
        {"title": _("Awaiting assessment"), "count": sum(1 for c in cases if c.status == "intake"),
         "url": url_for("cases.index", status="intake"), "tone": "plain"},
    ]


@tile_provider
def closure_tiles(user) -> list[dict]:
    """For supervisors: closure requests of their organisation waiting for approval."""
    if not user.has_role("supervisor"):
        return []
    count = pending_closures(user.org_id)
    return [{"title": _("Closure awaiting approval"), "count": count,
             "url": url_for("cases.index", scope="org", closure="pending"), "tone": "warn" if count else "plain"}]
