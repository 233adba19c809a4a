"""The workflow services: every allowed and every refused transition, events, numbering."""
import re

import pytest
from sqlalchemy import select

from caseweb import numbering
from caseweb.cases import closure, opening, workflow
from caseweb.cases.actions import ACTIONS
from caseweb.cases.changes import WorkflowError
from caseweb.extensions import db
from caseweb.models import Assessment, CaseEvent, CaseTeam, Note, Plan
from caseweb.models.case import CASE_STATUSES
from caseweb.timeutil import seoul_today

from .conftest import days_ago

TODAY = seoul_today()
pytestmark = pytest.mark.usefixtures("request_ctx")


def run(action, case, user):
    """Call the workflow function for `action` with valid input."""
    if action == "intake":
        return workflow.record_intake(case, user, TODAY, "공과금 체납 명단", "초기상담 내용")
    if action == "assessment":
        return workflow.record_assessment(case, user, TODAY, {"economy_basic": 2}, "성실함", "요약", "medium")
    if action == "select":
        return workflow.select(case, user, "case_management", "general", TODAY)
    if action == "plan":
        return workflow.make_plan(case, user, TODAY, [{"domain": "economy", "text": "체납 해소"}],
                                  [{"service": "긴급지원", "provider_name": "구청", "domain": "economy"}])
    if action == "note":
        return workflow.add_note(case, user, "visit", TODAY, "가정방문")
    if action == "reassess":
        return workflow.reassess(case, user, TODAY, {}, None, None, "low")
    if action == "close":
        return closure.close(case, user, TODAY, "목표달성")
    if action == "follow_up":
        return workflow.record_follow_up(case, user, TODAY, "안정적으로 지냄")
    if action == "complete":
        return workflow.complete(case, user, TODAY)
    return workflow.reopen(case, user, "재의뢰")


EXPECTED = {  # (action, from status) -> status afterwards
    ("intake", "screening"): "intake",
    ("assessment", "intake"): "assessed",
    ("select", "assessed"): "planning",
    ("plan", "planning"): "service",
    ("note", "screening"): "screening",  # notes are written at every open step
    ("note", "intake"): "intake",
    ("note", "assessed"): "assessed",
    ("note", "planning"): "planning",
    ("note", "service"): "service",
    ("note", "linkage"): "linkage",
    ("reassess", "service"): "service",
    ("reassess", "linkage"): "linkage",
    ("close", "service"): "closed",
    ("close", "linkage"): "closed",
    ("follow_up", "closed"): "follow_up",
    ("follow_up", "follow_up"): "follow_up",
    ("complete", "closed"): "completed",
    ("complete", "follow_up"): "completed",
    ("reopen", "closed"): "service",
    ("reopen", "follow_up"): "service",
    ("reopen", "completed"): "service",
}
ALL = [(a, s) for a in ACTIONS for s in CASE_STATUSES]


@pytest.mark.parametrize("action,status", [k for k in ALL if k in EXPECTED])
def test_allowed_transition(action, status, case_in, worker, make, org, reasons):
    # Closing at once is a supervisor's decision; a worker's closure is a request (test_closure.py).
    user = make.user(org, "supervisor") if action == "close" else worker
    case = case_in(status)
    before = case.version
    run(action, case, user)
    assert case.status == EXPECTED[(action, status)]
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                               .order_by(CaseEvent.id.desc())).first()
    assert event.user_id == user.id and event.org_id == user.org_id
    if action == "note":  # a note adds to the case: another user's open form stays valid (issue 10)
        assert case.version == before
    else:
        assert case.version > before


@pytest.mark.parametrize("action,status", [k for k in ALL if k not in EXPECTED])
def test_refused_transition(action, status, case_in, worker, reasons):
    case = case_in(status)
    with pytest.raises(WorkflowError) as exc:
        run(action, case, worker)
    assert exc.value.message
    assert case.status == status


def test_refusal_message_is_korean(case_in, worker):
    case = case_in("intake")
    with pytest.raises(WorkflowError) as exc:
        workflow.select(case, worker, "case_management", "general", TODAY)
    assert exc.value.message == "사정을 마친 사례만 선정할 수 있습니다."


@pytest.mark.parametrize("action", ["select", "close", "complete", "reopen"])
def test_decisions_need_the_lead_org(action, case_in, make, reasons):
    status = {"select": "assessed", "close": "service", "complete": "closed", "reopen": "closed"}[action]
    case = case_in(status)
    partner = make.user(make.org(), "worker")
    with pytest.raises(WorkflowError):
        run(action, case, partner)


@pytest.mark.parametrize("action", ["intake", "note"])
def test_viewers_cannot_write(action, case_in, make, org):
    case = case_in("screening" if action == "intake" else "service")
    with pytest.raises(WorkflowError):
        run(action, case, make.user(org, "viewer"))


def test_intake_writes_note_and_date(case_in, worker):
    case = case_in("screening")
    note = workflow.record_intake(case, worker, days_ago(1), "이웃 제보", "본문")
    assert note.kind == "intake" and case.intake_on == days_ago(1) and case.source == "이웃 제보"
    event = case.events[0]
    assert event.action == "intake"
    assert event.detail["status"] == ["screening", "intake"]
    assert event.detail["intake_on"] == [None, days_ago(1).isoformat()]


@pytest.mark.parametrize("needs,crisis,expected", [
    ({"safety_abuse": 3}, "low", "high_difficulty"),
    ({"safety_home": 3}, "low", "high_difficulty"),
    ({"health_mental": 3}, "medium", "high_difficulty"),
    ({"economy_basic": 3, "health_mental": 2}, "medium", "general"),
    ({}, "high", "high_difficulty"),
    ({}, "urgent", "high_difficulty"),
    ({"health_physical": 3}, "low", "general"),
])
def test_assessment_suggests_level(needs, crisis, expected, case_in, worker):
    case = case_in("intake")
    assessment = workflow.record_assessment(case, worker, TODAY, needs, None, None, crisis)
    assert assessment.suggested_level == expected
    assert len(assessment.needs) == 21 and case.assessed_on == TODAY


def test_assessment_refuses_bad_levels(case_in, worker):
    case = case_in("intake")
    with pytest.raises(WorkflowError):
        workflow.record_assessment(case, worker, TODAY, {"economy_basic": 5}, None, None, "low")


@pytest.mark.parametrize("kind,level,status", [
    ("case_management", "high_difficulty", "planning"),
    ("service_linkage", None, "linkage"),
    ("not_selected", None, "completed"),
])
def test_selection_outcomes(kind, level, status, case_in, worker):
    case = case_in("assessed")
    workflow.select(case, worker, kind, level, TODAY, conference_on=days_ago(1))
    assert (case.status, case.kind, case.level, case.conference_on) == (status, kind, level, days_ago(1))
    assert (case.completed_on == TODAY) == (kind == "not_selected")


def test_case_management_needs_a_level(case_in, worker):
    with pytest.raises(WorkflowError):
        workflow.select(case_in("assessed"), worker, "case_management", None, TODAY)


def test_plan_stores_goals_and_services(case_in, worker, make):
    case = case_in("planning")
    provider = make.org(name="푸드뱅크", kind="private_agency", sector="private")
    plan = workflow.make_plan(case, worker, TODAY, [
        {"domain": "economy", "text": "월세 체납 해소", "target_on": None},
        {"domain": "education", "text": "자녀 수업료 지원"}],
        [{"service": "식품 지원", "provider_org_id": provider.id, "start_on": TODAY}])
    assert [g.text for g in plan.goals] == ["월세 체납 해소", "자녀 수업료 지원"]
    assert plan.services[0].provider_org_id == provider.id and case.plan_on == TODAY


def test_plan_refuses_a_service_without_provider(case_in, worker):
    with pytest.raises(WorkflowError):
        workflow.make_plan(case_in("planning"), worker, TODAY, [{"domain": "economy", "text": "x"}],
                           [{"service": "식품"}])


def test_note_sets_contact_dates(case_in, worker):
    case = case_in("service")
    workflow.add_note(case, worker, "phone", days_ago(1), "통화")
    assert case.last_contact_on == days_ago(1)
    due = days_ago(-10)
    workflow.add_note(case, worker, "visit", TODAY, "방문", next_due=due)
    assert case.next_contact_due == due and case.due_on == due


def test_reassessment_may_change_level(case_in, worker):
    case = case_in("service")
    assessment = workflow.reassess(case, worker, TODAY, {"health_mental": 3}, None, None, "medium",
                                   level="high_difficulty")
    assert assessment.kind == "re" and case.level == "high_difficulty"
    assert case.events[0].detail["level"] == ["general", "high_difficulty"]


def test_close_takes_only_active_listed_reasons(case_in, make, org, reasons):
    case = case_in("service")
    supervisor = make.user(org, "supervisor")
    for bad in ("아무 사유", "폐지된 사유"):
        with pytest.raises(WorkflowError):
            closure.close(case, supervisor, TODAY, bad)
    closure.close(case, supervisor, TODAY, "전출")
    assert case.closure_reason == "전출" and case.closed_on == TODAY


@pytest.mark.parametrize("kind,plan,expected", [
    ("case_management", True, "service"),
    ("case_management", False, "intake"),
    ("service_linkage", False, "linkage"),
])
def test_reopen_returns_to_the_right_status(kind, plan, expected, case_in, worker):
    case = case_in("closed", kind=kind)
    if not plan:
        db.session.execute(Plan.__table__.delete().where(Plan.case_id == case.id))
    workflow.reopen(case, worker)
    assert case.status == expected and case.closed_on is None


def test_follow_up_writes_a_note(case_in, worker):
    case = case_in("closed")
    note = workflow.record_follow_up(case, worker, TODAY, "잘 지냄")
    assert note.kind == "follow_up" and case.status == "follow_up"


def test_create_case_numbers_and_team(make, org, worker):
    household = make.household(org)
    first = opening.create_case(household, org, worker, "integrated", "이웃 제보", days_ago(2))
    second = opening.create_case(household, org, worker, "dream_start")
    year = TODAY.year
    assert re.fullmatch(rf"C-{year}-\d{{6}}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    team = db.session.scalars(select(CaseTeam).where(CaseTeam.case_id == first.id)).all()
    assert [(t.org_id, t.role) for t in team] == [(org.id, "lead")]
    assert first.manager_id == worker.id and first.status == "screening"
    assert first.events[0].action == "created"


def test_create_case_retries_a_taken_number(make, org, worker, monkeypatch):
    household = make.household(org)
    taken = opening.create_case(household, org, worker, "integrated")
    calls = iter([taken.number])
    original = numbering.next_number
    monkeypatch.setattr(numbering, "next_number", lambda column, letter: next(calls, None) or original(column, letter))
    case = opening.create_case(household, org, worker, "integrated")
    assert case.number != taken.number and case.id


def test_every_change_recomputes_due(case_in, worker):
    case = case_in("screening")
    assert case.due_on is None
    workflow.record_intake(case, worker, days_ago(3), None, "본문")
    assert case.due_on == days_ago(3 - 10)
    assert db.session.scalar(select(Note).where(Note.case_id == case.id)).kind == "intake"
    workflow.record_assessment(case, worker, TODAY, {}, None, None, "low")
    assert case.due_on == days_ago(3 - 30)  # awaiting selection: intake → plan within 30 days still runs
    assert db.session.scalar(select(Assessment).where(Assessment.case_id == case.id)).kind == "initial"
