"""Derived deadlines: intervals, month ends, leap years and the Korean calendar day."""
from datetime import date, datetime, timezone

import pytest

from caseweb import timeutil
from caseweb.cases.deadlines import add_months, recompute_due, tasks_for
from caseweb.models import Case, Note
from caseweb.extensions import db


def case(status, **fields):
    base = {"id": 1, "found_on": date(2026, 1, 1), "level": None}
    base.update(fields)
    return Case(status=status, **base)


@pytest.mark.parametrize("start,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),     # leap year
    (date(2026, 8, 31), 3, date(2026, 11, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),    # over the year end
    (date(2027, 5, 31), 9, date(2028, 2, 29)),
    (date(2026, 3, 15), 9, date(2026, 12, 15)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_intake_gives_assessment_deadline_in_ten_days(app):
    tasks = tasks_for(case("intake", intake_on=date(2026, 2, 20)), today=date(2026, 2, 25))
    assert [(t.kind, t.due_on) for t in tasks] == [("assessment", date(2026, 3, 2))]
    assert tasks[0].upcoming and not tasks[0].overdue


def test_overdue_and_upcoming_flags(app):
    c = case("intake", intake_on=date(2026, 3, 1))     # due 2026-03-11
    assert tasks_for(c, today=date(2026, 3, 12))[0].overdue
    assert not tasks_for(c, today=date(2026, 3, 11))[0].overdue   # due today is not yet overdue
    assert tasks_for(c, today=date(2026, 3, 4))[0].upcoming       # 7 days ahead
    assert not tasks_for(c, today=date(2026, 3, 3))[0].upcoming   # 8 days ahead


def test_selection_deadline_counts_from_the_conference(app):
    tasks = tasks_for(case("assessed", intake_on=date(2026, 3, 1), conference_on=date(2026, 3, 30)),
                      today=date(2026, 3, 30))
    assert [(t.kind, t.due_on) for t in tasks] == [("plan", date(2026, 3, 31)), ("selection", date(2026, 4, 4))]


def test_an_assessed_case_waiting_for_its_conference_has_the_plan_deadline(app):
    """Issue 9: "다음 기한: 없음" while the selection is pending hid the intake → plan deadline."""
    tasks = tasks_for(case("assessed", intake_on=date(2026, 3, 1), assessed_on=date(2026, 3, 5)),
                      today=date(2026, 3, 5))
    assert [(t.kind, t.due_on) for t in tasks] == [("plan", date(2026, 3, 31))]


def test_plan_within_thirty_days_of_intake(app):
    tasks = tasks_for(case("planning", intake_on=date(2026, 1, 31), selected_on=date(2026, 2, 10)),
                      today=date(2026, 2, 10))
    assert [(t.kind, t.due_on) for t in tasks] == [("plan", date(2026, 3, 2))]


@pytest.mark.parametrize("level,due", [("general", date(2026, 4, 30)), ("high_difficulty", date(2026, 4, 14))])
def test_monitoring_interval_by_level(app, level, due):
    c = case("service", level=level, last_contact_on=date(2026, 3, 31))
    assert tasks_for(c, today=date(2026, 4, 1))[0].due_on == due


def test_next_contact_due_wins_over_the_interval(app):
    c = case("service", level="general", last_contact_on=date(2026, 3, 31), next_contact_due=date(2026, 4, 3))
    assert tasks_for(c, today=date(2026, 4, 1))[0].due_on == date(2026, 4, 3)


def test_follow_ups_after_closure(app, make):
    org = make.org()
    c = make.case(org, status="closed", closed_on=date(2025, 11, 30))
    assert tasks_for(c, today=date(2026, 1, 1))[0].due_on == date(2026, 2, 28)   # 3 months, clamped
    db.session.add(Note(case_id=c.id, kind="follow_up", contact_on=date(2026, 2, 27), body="확인"))
    db.session.flush()
    c.status = "follow_up"
    assert tasks_for(c, today=date(2026, 3, 1))[0].due_on == date(2026, 8, 30)   # 9 months
    db.session.add(Note(case_id=c.id, kind="follow_up", contact_on=date(2026, 8, 30), body="확인"))
    db.session.flush()
    assert tasks_for(c, today=date(2026, 9, 1)) == []
    assert recompute_due(c) is None


def test_configurable_intervals(app):
    cfg = {"DEADLINE_ASSESSMENT_DAYS": 3, "FOLLOWUP_MONTHS": "1", "UPCOMING_DAYS": 0}
    assert tasks_for(case("intake", intake_on=date(2026, 5, 1)), config=cfg,
                     today=date(2026, 5, 1))[0].due_on == date(2026, 5, 4)
    c = case("closed", closed_on=date(2026, 1, 31))
    assert tasks_for(c, config=cfg, today=date(2026, 2, 1), follow_ups=0)[0].due_on == date(2026, 2, 28)


def test_recompute_due_is_the_earliest_open_task(app):
    c = case("intake", intake_on=date(2026, 2, 1))
    assert recompute_due(c) == date(2026, 2, 11) == c.due_on
    c.status = "completed"
    assert recompute_due(c) is None and c.due_on is None


def test_today_is_the_korean_day(app, monkeypatch):
    """At 16:00 UTC on Jan 31 it is already Feb 1 in Seoul: a Feb 1 deadline is due today, not ahead."""
    monkeypatch.setattr(timeutil, "utcnow", lambda: datetime(2026, 1, 31, 16, 0, tzinfo=timezone.utc))
    assert timeutil.seoul_today() == date(2026, 2, 1)
    c = case("intake", intake_on=date(2026, 1, 22))          # due Feb 1
    task = tasks_for(c)[0]
    assert task.due_on == date(2026, 2, 1) and not task.overdue and task.upcoming
    c = case("intake", intake_on=date(2026, 1, 21))          # due Jan 31: overdue in Seoul already
    assert tasks_for(c)[0].overdue
    monkeypatch.setattr(timeutil, "utcnow", lambda: datetime(2026, 1, 31, 14, 59, tzinfo=timezone.utc))
    assert not tasks_for(c)[0].overdue                       # 23:59 on Jan 31 in Seoul

