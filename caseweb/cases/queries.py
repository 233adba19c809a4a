"""The case list query: visible cases only, filtered, sorted, one page and one COUNT."""
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import timeutil
from ..authz import visible_case_clause
from ..extensions import db
from ..households.services import normalise_name
from ..models import Case, Household
from ..models.case import CASE_LEVELS, CASE_STATUSES
from ..models.org import PROGRAMMES

SORTS = ("due", "updated", "name", "number")


@dataclass
class ListParams:
    scope: str = "mine"
    status: str = ""
    programme: str = ""
    level: str = ""
    manager: int | None = None
    dong: str = ""
    overdue: bool = False
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
            status=text("status") if text("status") in CASE_STATUSES else "",
            programme=text("programme") if text("programme") in PROGRAMMES else "",
            level=text("level") if text("level") in CASE_LEVELS else "",
            manager=number("manager"),
            dong=text("dong", 40),
            overdue=text("overdue") in ("1", "true", "on", "y"),
            q=text("q", 100),
            sort=text("sort") if text("sort") in SORTS else "due",
            page=max(number("page") or 1, 1),
        )

    def as_args(self, **override) -> dict:
        """Query-string args for links (pager, sort), without empty values."""
        values = {"scope": self.scope, "status": self.status, "programme": self.programme,
                  "level": self.level, "manager": self.manager, "dong": self.dong,
                  "overdue": "1" if self.overdue else "", "q": self.q, "sort": self.sort, "page": self.page}
        values.update(override)
        return {k: v for k, v in values.items()
                if v not in (None, "") and not (k == "page" and v == 1)}


def _search_clause(q: str):
    """Head's name (two-syllable names too: a plain substring scan), or a case/household number."""
    like = f"%{q}%"
    clauses = [Household.head_name.like(like), Case.number.ilike(like), Household.number.ilike(like)]
    norm = normalise_name(q)
    if norm:
        clauses.append(Household.head_name_norm.like(f"%{norm}%"))
    return or_(*clauses)


def _filtered(user, params: ListParams):
    stmt = select(Case).join(Case.household).where(visible_case_clause(user.org_id))
    if params.scope == "mine":
        stmt = stmt.where(Case.manager_id == user.id)
    if params.status:
        stmt = stmt.where(Case.status == params.status)
    if params.programme:
        stmt = stmt.where(Case.programme == params.programme)
    if params.level:
        stmt = stmt.where(Case.level == params.level)
    if params.manager:
        stmt = stmt.where(Case.manager_id == params.manager)
    if params.dong:
        stmt = stmt.where(Household.dong == params.dong)
    if params.overdue:
        stmt = stmt.where(Case.due_on < timeutil.seoul_today())
    if params.q:
        stmt = stmt.where(_search_clause(params.q))
    return stmt


def _ordered(stmt, sort: str):
    if sort == "updated":
        return stmt.order_by(Case.updated_at.desc(), Case.id.desc())
    if sort == "name":
        return stmt.order_by(Household.head_name, Case.id)
    if sort == "number":
        return stmt.order_by(Case.number.desc())
    return stmt.order_by(Case.due_on.is_(None), Case.due_on, Case.id)


def page_size() -> int:
    return current_app.config.get("PAGE_SIZE", 25) if has_app_context() else 25


def list_cases(user, params) -> tuple[list[Case], int]:
    """One page of the cases `user` may see, and the total count matching the filters."""
    if not isinstance(params, ListParams):
        params = ListParams.from_args(params or {})
    stmt = _filtered(user, params)
    total = db.session.scalar(select(func.count()).select_from(stmt.with_only_columns(Case.id).subquery()))
    size = page_size()
    rows = db.session.scalars(
        _ordered(stmt, params.sort)
        .options(joinedload(Case.household), joinedload(Case.manager), joinedload(Case.lead_org))
        .limit(size).offset((params.page - 1) * size)).unique().all()
    return list(rows), total or 0
