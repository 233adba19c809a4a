"""The case list query: visible cases only, filtered, sorted, one page and a capped COUNT."""
import re
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from .. import memo, timeutil
from ..authz import visible_case_clause
from ..extensions import db
from ..households.services import normalise_name
from ..models import Case, CaseTeam, Household, User
from ..models.search import cases_matching
from ..models.case import CASE_LEVELS, CASE_STATUSES
from ..models.org import PROGRAMMES
from ..models.user import CASE_ROLES

SORTS = ("due", "updated", "name", "number")


ACTIVE_STATUSES = ("screening", "intake", "assessed", "planning", "service", "linkage")


@dataclass
class ListParams:
    scope: str = "mine"
    status: str = ""
    programme: str = ""
    level: str = ""
    manager: int | None = None
    dong: str = ""
    overdue: bool = False
    closure: str = ""  # "pending": closure requests waiting for a supervisor
    q: str = ""
    sort: str = "due"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ListParams":
        """Read request.args (or a dict); unknown values fall back to defaults."""
        def text(name, limit=60):
            return (args.get(name) or "").strip()[:limit]

        def number(name):
            raw = text(name, 12)
            return int(raw) if raw.isdigit() else None

        return cls(
            scope="org" if text("scope") == "org" else "mine",
            status=text("status") if text("status") in CASE_STATUSES or text("status") == "active" else "",
            programme=text("programme") if text("programme") in PROGRAMMES else "",
            level=text("level") if text("level") in CASE_LEVELS else "",
            manager=number("manager"),
            dong=text("dong", 40),
            overdue=text("overdue") in ("1", "true", "on", "y"),
            closure="pending" if text("closure") == "pending" else "",
            q=text("q", 100),
            sort=text("sort") if text("sort") in SORTS else "due",
            page=max(number("page") or 1, 1),
        )

    def as_args(self, **override) -> dict:
        """Query-string args for links (pager, sort), without empty values."""
        values = {"scope": self.scope, "status": self.status, "programme": self.programme,
                  "level": self.level, "manager": self.manager, "dong": self.dong,
                  "overdue": "1" if self.overdue else "", "closure": self.closure, "q": self.q, "sort": self.sort, "page": self.page}
        values.update(override)
        return {k: v for k, v in values.items()
                if v not in (None, "") and not (k == "page" and v == 1)}


# Counting stops here: past a thousand matches the list says "1,000 or more" and
# asks for a filter, so a page costs the same in a district of any size.
COUNT_CAP = 1000
# Name fragments matching more households than this are filtered in SQL instead.
MAX_NAME_MATCHES = 5000


def _search_clause(q: str, user):
    """(clause, needs the household join): a case/household number, or the head's name.

    Names of two or more characters go through the bigram index to the matching
    households' case ids first, so the page query starts from those few rows.
    """
    if re.match(r"^[chCH]-", q):
        return or_(Case.number.startswith(q.upper(), autoescape=True),
                   Household.number.startswith(q.upper(), autoescape=True)), True, False
    if q.isdigit():
        return (or_(Case.number.endswith(q, autoescape=True), Household.number.endswith(q, autoescape=True)),
                True, False)
    norm = normalise_name(q)
    if len(norm) < 2:
        return Household.head_name_norm.contains(norm, autoescape=True), True, False
    # Only the organisation's own postings (cases it leads or is on the team of) are
    # read: a common name matches thousands of cases district-wide and a handful here.
    # The list query still applies the full visibility rule to what is left.
    matching = cases_matching(user.org_id, norm)
    case_ids = db.session.scalars(matching.limit(MAX_NAME_MATCHES + 1)).all()
    if len(case_ids) > MAX_NAME_MATCHES:
        return Case.id.in_(matching), False, False
    return Case.id.in_(case_ids), False, True


def _filters(user, params: ListParams) -> tuple[list, bool, bool]:
    """Where-clauses for the filters; whether they need the household join; whether they
    already narrow the list to a short list of case ids."""
    clauses, needs_household, narrow = [], params.sort == "name", False
    if params.scope == "mine":
        clauses.append(Case.manager_id == user.id)
    if params.status == "active":  # 진행 중: not yet closed (the dashboard tile counts the same)
        clauses.append(Case.status.in_(ACTIVE_STATUSES))
    elif params.status:
        clauses.append(Case.status == params.status)
    if params.programme:
        clauses.append(Case.programme == params.programme)
    if params.level:
        clauses.append(Case.level == params.level)
    if params.manager:
        clauses.append(Case.manager_id == params.manager)
    if params.dong:
        clauses.append(Household.dong == params.dong)
        needs_household = True
    if params.overdue:
        clauses.append(Case.due_sort < timeutil.seoul_today())
    if params.closure == "pending":
        # Only the lead decides closures, so only its cases wait (as the dashboard counts them).
        clauses += [Case.closure_requested_at.is_not(None), Case.lead_org_id == user.org_id]
    if params.q:
        clause, joins, narrow = _search_clause(params.q, user)
        clauses.append(clause)
        needs_household = needs_household or joins
    return clauses, needs_household, narrow


def _order(sort: str) -> list:
    if sort == "updated":
        return [Case.updated_at.desc(), Case.id.desc()]
    if sort == "name":
        return [Household.head_name, Case.id]
    if sort == "number":
        return [Case.number.desc(), Case.id.desc()]
    return [Case.due_sort, Case.id]


def _sort_key(sort: str):
    if sort == "updated":
        return lambda c: (-c.updated_at.timestamp(), -c.id)
    if sort == "name":
        return lambda c: (c.household.head_name, c.id)
    if sort == "number":
        return lambda c: tuple(-ord(ch) for ch in c.number) + (-c.id,)
    return lambda c: (c.due_sort, c.id)


def _parts(user, narrow: bool = False) -> list:
    """Where-clauses of the two halves of "visible": cases we lead, and partner cases.

    Apart, each half is one index range (ix_cases_lead_due, or a short id list), so
    a page is an index walk rather than a sort of every case the organisation has.
    """
    partner_ids = db.session.scalars(select(Case.id).where(
        Case.lead_org_id != user.org_id,
        Case.id.in_(select(CaseTeam.case_id).where(
            CaseTeam.org_id == user.org_id, CaseTeam.role == "partner", CaseTeam.active.is_(True))),
        visible_case_clause(user.org_id))).all()
    # With a short id list to start from, "+ 0" keeps the planner off ix_cases_lead_due:
    # walking every case we lead in due order to find a handful of ids is the slow plan.
    lead = Case.lead_org_id + 0 if narrow else Case.lead_org_id
    parts = [lead == user.org_id]
    if partner_ids:
        parts.append(Case.id.in_(partner_ids))
    return parts


def page_size() -> int:
    return current_app.config.get("PAGE_SIZE", 25) if has_app_context() else 25


def list_cases(user, params) -> tuple[list[Case], int]:
    """One page of the cases `user` may see, and how many match (at most COUNT_CAP)."""
    if not isinstance(params, ListParams):
        params = ListParams.from_args(params or {})
    size = page_size()
    wanted = params.page * size
    filters, needs_household, narrow = _filters(user, params)
    rows, total = [], 0
    for part in _parts(user, narrow):
        base = select(Case).where(part, *filters)
        if needs_household:
            base = base.join(Case.household)
        total += db.session.scalar(select(func.count()).select_from(
            base.with_only_columns(Case.id).limit(COUNT_CAP).subquery())) or 0
        page_query = base if needs_household else base.join(Case.household)
        rows += db.session.scalars(
            page_query.order_by(*_order(params.sort)).limit(wanted)
            .options(contains_eager(Case.household), joinedload(Case.manager), joinedload(Case.lead_org))
        ).unique().all()
    rows.sort(key=_sort_key(params.sort))
    return rows[(params.page - 1) * size:wanted], min(total, COUNT_CAP)


def staff_menu(org_id: int) -> list:
    """(id, name) of the organisation's active case staff, by name, for filter menus (kept for a minute)."""
    return memo.remember(("staff_menu", org_id), lambda: db.session.execute(
        select(User.id, User.name).where(User.org_id == org_id, User.active.is_(True), User.role.in_(CASE_ROLES))
        .order_by(User.name)).all())
