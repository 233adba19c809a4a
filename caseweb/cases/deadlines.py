"""Derived tasks: deadlines computed from a case's dates, never typed by hand.

All dates are Korean calendar days (seoul_today()); the intervals come from the
config (DEADLINE_*, MONITORING_DAYS_*, FOLLOWUP_MONTHS, UPCOMING_DAYS).
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import timeutil
from ..config import DEADLINE_DEFAULTS
from ..extensions import db
from ..models import Note

TASK_KINDS = {
    "assessment": _l("Assessment due"),
    "selection": _l("Selection decision due"),
    "plan": _l("Service plan due"),
    "monitoring": _l("Monitoring contact due"),
    "follow_up": _l("Follow-up check due"),
}


@dataclass(frozen=True)
class Task:
    case_id: int
    kind: str
    due_on: date
    label: str
    overdue: bool
    upcoming: bool


def _settings(config=None) -> dict:
    merged = dict(DEADLINE_DEFAULTS)
    source = config if config is not None else (current_app.config if has_app_context() else {})
    merged.update({k: source[k] for k in DEADLINE_DEFAULTS if k in source})
    return merged


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def followup_months(config=None) -> list[int]:
    raw = str(_settings(config)["FOLLOWUP_MONTHS"])
    return sorted(int(part) for part in raw.split(",") if part.strip())


def follow_ups_done(case) -> int:
    """Follow-up checks recorded since the case was closed."""
    if case.id is None or case.closed_on is None:
        return 0
    return db.session.scalar(select(func.count(Note.id)).where(
        Note.case_id == case.id, Note.kind == "follow_up", Note.contact_on >= case.closed_on)) or 0


def _open_dates(case, cfg: dict, done: int | None) -> list[tuple[str, date]]:
    """(kind, due date) of every open deadline, by the case's status."""
    status = case.status
    due = []
    if status == "intake" and case.intake_on:
        due.append(("assessment", case.intake_on + timedelta(days=cfg["DEADLINE_ASSESSMENT_DAYS"])))
    if status == "assessed" and case.conference_on:
        due.append(("selection", case.conference_on + timedelta(days=cfg["DEADLINE_SELECTION_DAYS"])))
    if status in ("assessed", "planning"):  # intake → plan within 30 days runs through the selection too
        start = case.intake_on or case.selected_on or case.found_on
        due.append(("plan", start + timedelta(days=cfg["DEADLINE_PLAN_DAYS"])))
    if status in ("service", "linkage"):
        if case.next_contact_due:
            due.append(("monitoring", case.next_contact_due))
        else:
            days = cfg["MONITORING_DAYS_HIGH" if case.level == "high_difficulty" else "MONITORING_DAYS_GENERAL"]
            last = case.last_contact_on or case.plan_on or case.selected_on or case.intake_on or case.found_on
            due.append(("monitoring", last + timedelta(days=days)))
    if status in ("closed", "follow_up") and case.closed_on:
        done = follow_ups_done(case) if done is None else done
        months = followup_months(cfg)
        if done < len(months):
            due.append(("follow_up", add_months(case.closed_on, months[done])))
    return due


def tasks_for(case, today: date | None = None, config=None, follow_ups: int | None = None) -> list[Task]:
    """The case's open tasks, earliest first. `follow_ups` skips a count query when known."""
    cfg = _settings(config)
    today = today or timeutil.seoul_today()
    horizon = today + timedelta(days=cfg["UPCOMING_DAYS"])
    tasks = [Task(case_id=case.id, kind=kind, due_on=day, label=TASK_KINDS[kind],
                  overdue=day < today, upcoming=today <= day <= horizon)
             for kind, day in _open_dates(case, cfg, follow_ups)]
    return sorted(tasks, key=lambda t: t.due_on)


def recompute_due(case, config=None) -> date | None:
    """Keep case.due_on at the earliest open deadline (None when there is none)."""
    due = [day for _, day in _open_dates(case, _settings(config), None)]
    case.due_on = min(due) if due else None
    return case.due_on
