"""오늘 방문 (today's visits) and the supervisor's team board: what the queries behind them return."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case as sql_case, exists, func, or_, select
from sqlalchemy.orm import joinedload

from ..authz import visible_case_clause
from ..cases.facts import Facts, facts_for
from ..extensions import db
from ..models import Case, CaseTeam, User

VISIT_STATUSES = ("service", "linkage")  # monitoring contacts: the home visits of the day
OPEN = ("screening", "intake", "assessed", "planning", "service", "linkage", "closed", "follow_up")


@dataclass
class Visit:
    case: Case
    facts: Facts
    overdue: bool


def visits_due(user, today: date) -> list[Visit]:
    """Cases whose monitoring contact is due today or overdue: the ones I manage, and the ones
    where my organisation is a partner (any of its workers may go), most overdue first."""
    partner = exists().where(CaseTeam.case_id == Case.id, CaseTeam.org_id == user.org_id,
                             CaseTeam.role == "partner", CaseTeam.active.is_(True))
    cases = list(db.session.scalars(
        select(Case).where(Case.status.in_(VISIT_STATUSES), Case.due_on <= today,
                           or_(Case.manager_id == user.id, and_(partner, Case.lead_org_id != user.org_id)),
                           visible_case_clause(user.org_id, today))
        .options(joinedload(Case.household), joinedload(Case.lead_org))
        .order_by(Case.due_on, Case.id).limit(50)))
    facts = facts_for(cases, user.org_id, today)
    return [Visit(c, facts[c.id], c.due_on < today) for c in cases]


@dataclass
class WorkerLoad:
    user: User
    open_cases: int
    overdue: int
    pending_closures: int


def team_board(supervisor, today: date) -> list[WorkerLoad]:
    """Per worker of the supervisor's organisation: open cases it leads, overdue ones, closures waiting."""
    lead = and_(Case.lead_org_id == supervisor.org_id, Case.status.in_(OPEN))
    counts = {row.manager_id: row for row in db.session.execute(
        select(Case.manager_id, func.count(Case.id).label("open_cases"),
               func.sum(sql_case((Case.due_on < today, 1), else_=0)).label("overdue"),
               func.sum(sql_case((Case.closure_requested_at.is_not(None), 1), else_=0)).label("pending"))
        .where(lead).group_by(Case.manager_id))}
    workers = db.session.scalars(select(User).where(
        User.org_id == supervisor.org_id, User.active.is_(True), User.role.in_(("worker", "supervisor")))
        .order_by(User.name))
    board = [WorkerLoad(u, *_numbers(counts.get(u.id))) for u in workers]
    unassigned = counts.get(None)
    if unassigned is not None:
        board.append(WorkerLoad(None, *_numbers(unassigned)))
    return board


def _numbers(row) -> tuple[int, int, int]:
    return (row.open_cases, int(row.overdue or 0), int(row.pending or 0)) if row else (0, 0, 0)
