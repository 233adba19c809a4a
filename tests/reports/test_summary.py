"""The page's figures from precomputed days equal the live count: after a build, with changed days,
with today's rows, on SQLite and PostgreSQL (CASEWEB_TEST_DATABASE_URL)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import (Case, CaseTeam, Linkage, Note, ReportDay, ReportDirty, ScreeningEntry, Transition)
from caseweb.reports import summary
from caseweb.reports.figures import compute_live
from caseweb.reports.periods import Period

from .conftest import PERIOD, kst

PERIODS = [PERIOD, Period(date(2025, 11, 1), date(2026, 7, 15)), Period(date(2026, 3, 1), date(2026, 3, 31)),
           Period(date(2026, 6, 30), date(2026, 7, 15)), Period(date(2026, 7, 15), date(2026, 12, 31)),
           Period(date(2026, 2, 10), date(2026, 2, 10)), Period(date(2020, 1, 1), date(2030, 12, 31))]


def _without_none(result):
    return {key: {org: value for org, value in part.items() if org is not None} for key, part in result.items()}


def _assert_equal(world, stored=True):
    for period in PERIODS:
        for scope in (None, [world["a"].id], [world["b"].id, world["c"].id]):
            from_days = summary.summarized(period, scope)
            assert (from_days is not None) == stored
            if from_days is not None:
                assert from_days == _without_none(compute_live(period, scope)), (period, scope)


def test_precomputed_days_equal_the_live_count(world):
    assert summary.summarized(PERIOD) is None  # nothing built: the page counts live
    done = summary.rebuild()
    # Stored ahead: rows of the past fall on future days (plans due, follow-ups, booked conferences).
    assert done["built_through"] == (date(2026, 7, 15) + summary.horizon()).isoformat() and done["rows"] > 0
    assert db.session.scalar(select(func.count()).select_from(ReportDay)) == done["rows"]
    _assert_equal(world)
    assert summary.compute(PERIOD)["counts"][world["a"].id]["intakes"] == 5


def test_changed_rows_are_counted_live_until_the_next_build(world, make):
    summary.rebuild()
    a, b, cases = world["a"], world["b"], world["cases"]
    c1, c6 = db.session.get(Case, cases["c1"].id), db.session.get(Case, cases["c6"].id)
    # Back-dated changes to days that are already stored.
    c1.closed_on, c1.closure_reason = date(2026, 3, 1), "연락두절"
    c6.plan_on = date(2026, 5, 30)
    db.session.add(Linkage(case_id=c6.id, household_id=c6.household_id, resource_name="밑반찬", sector="private",
                           domain="health", linked_on=date(2026, 4, 2), amount_krw=50_000, org_id=a.id))
    db.session.add(CaseTeam(case_id=c6.id, org_id=b.id, role="partner", via="referral", active=True))
    cancelled = db.session.scalar(select(Linkage).where(Linkage.resource_name == "방문 진료"))
    cancelled.cancelled_at = kst(2026, 7, 15, 9)  # struck out today, for a day already stored
    entry = db.session.scalar(select(ScreeningEntry).where(ScreeningEntry.outcome == "refused").limit(1))
    entry.outcome_on = date(2026, 3, 3)
    referral = db.session.scalar(select(Transition).where(Transition.status == "withdrawn"))
    referral.status, referral.answered_at = "accepted", kst(2026, 1, 3, 9)
    db.session.add(Note(case_id=cases["c5"].id, kind="follow_up", contact_on=date(2026, 6, 1), body="2차 사후 점검",
                        org_id=a.id))
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(ReportDirty)) > 0
    _assert_equal(world)
    summary.rebuild()
    assert db.session.scalar(select(func.count()).select_from(ReportDirty)) == 0
    _assert_equal(world)


def test_today_is_counted_live(world, make):
    summary.rebuild()
    today = date(2026, 7, 15)
    make.case(world["a"], household=make.household(world["a"], head_name="오늘가구"), status="intake",
              found_on=today, intake_on=today, selected_on=today, kind="case_management", level="general")
    db.session.flush()
    _assert_equal(world)
    assert summary.summarized(Period(today, today))["counts"][world["a"].id]["intakes"] == 1


def test_other_deadline_settings_or_a_purge_fall_back_to_the_live_count(world, app, monkeypatch):
    summary.rebuild()
    monkeypatch.setitem(app.config, "DEADLINE_PLAN_DAYS", 20)
    assert summary.summarized(PERIOD) is None
    assert summary.compute(PERIOD) == compute_live(PERIOD)
    summary.rebuild()  # a build with the new setting counts everything again
    _assert_equal(world)
    from caseweb.reports.dirty import mark_everything
    mark_everything()
    db.session.flush()
    assert summary.summarized(PERIOD) is None
    assert summary.rebuild()["full"]
    _assert_equal(world)


def test_the_command_builds_and_the_page_reads_the_days(world, app, login):
    result = app.test_cli_runner().invoke(args=["reports", "summarize"])
    assert f"built through {date(2026, 7, 15) + summary.horizon()}" in result.output, result.output
    html = login(world["a_lead"]).get("/reports/?view=org&start=2026-01-01&end=2026-06-30").get_data(as_text=True)
    assert '<tr id="fig-intakes"><th scope="row">' in html
    assert html.split('id="fig-intakes"')[1].split("</a>")[0].endswith(">5")
