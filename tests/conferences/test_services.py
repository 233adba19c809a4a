"""Conference rules called directly: consent for every invited organisation, decisions applied once."""
from datetime import timedelta

import pytest

from caseweb.conferences import decisions, minutes, services
from caseweb.conferences.services import ConferenceRefused
from caseweb.extensions import db
from caseweb.models import CaseEvent, CaseTeam
from sqlalchemy import select

from .conftest import schedule

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_adding_a_case_needs_consent_for_every_invited_org(world):
    conf = schedule(world)
    services.add_case(conf, world.worker, world.shared, "사례관리 선정 여부")
    with pytest.raises(ConferenceRefused) as exc:
        services.add_case(conf, world.worker, world.secret, "선정 여부")
    assert "한빛종합사회복지관" in exc.value.message and world.secret.number in exc.value.message


def test_internal_conference_needs_no_consent(world):
    conf = schedule(world, kind="internal", org_ids=[])
    item = services.add_case(conf, world.worker, world.secret, "내부 검토")
    assert item.case_id == world.secret.id


def test_inviting_an_org_the_agenda_consent_does_not_cover_is_refused(world, make):
    conf = schedule(world)
    services.add_case(conf, world.worker, world.shared, "q")
    with pytest.raises(ConferenceRefused) as exc:
        services.invite_org(conf, world.lead, world.other)
    assert world.shared.number in exc.value.message and "다른동" in exc.value.message


def test_an_org_cannot_propose_a_case_it_cannot_see(world):
    conf = schedule(world)
    with pytest.raises(ConferenceRefused):
        services.add_case(conf, world.cworker, world.shared, "q")


def _held_with_selection(world):
    conf = schedule(world)
    item = services.add_case(conf, world.worker, world.shared, "선정 여부")
    decisions.record(item, world.worker, kind="selection", selection_kind="case_management", level="general")
    decisions.record(item, world.cworker if False else world.worker, kind="partner", org_id=world.center.id)
    minutes.add_action(conf, world.worker, what="가정방문 일정 잡기", assignee_org_id=world.center.id,
                       assignee=world.cworker, due_on=None, item=item)
    services.hold(conf, world.lead, {world.center.id}, set())
    return conf, item


def test_confirming_applies_each_decision_once(world):
    conf, item = _held_with_selection(world)
    assert decisions.confirm(conf, world.lead) == 2
    case = world.shared
    assert case.status == "planning" and case.kind == "case_management" and case.level == "general"
    team = db.session.scalar(select(CaseTeam).where(CaseTeam.case_id == case.id, CaseTeam.org_id == world.center.id))
    assert team.role == "partner" and team.via == "conference" and team.active
    events = list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                             CaseEvent.action.like("conference_%"))))
    assert len(events) == 2 and all(e.detail["conference_id"] == conf.id for e in events)
    with pytest.raises(ConferenceRefused):
        decisions.confirm(conf, world.lead)
    assert db.session.scalar(select(db.func.count(CaseEvent.id)).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "select")) == 1


def test_only_a_host_supervisor_confirms(world):
    conf, _item = _held_with_selection(world)
    for user in (world.worker, world.csuper, world.viewer):
        with pytest.raises(ConferenceRefused):
            decisions.confirm(conf, user)
    assert conf.status == "held"


def test_a_refused_decision_refuses_the_whole_confirmation(world):
    conf = schedule(world)
    item = services.add_case(conf, world.worker, world.shared, "q")
    decisions.record(item, world.worker, kind="closure", reason="목표달성")  # the case is not in service
    services.hold(conf, world.lead, set(), set())
    with pytest.raises(ConferenceRefused) as exc:
        decisions.confirm(conf, world.lead)
    assert world.shared.number in exc.value.message


def test_confirmed_minutes_are_read_only_until_reopened(world):
    conf, item = _held_with_selection(world)
    decisions.confirm(conf, world.lead)
    with pytest.raises(ConferenceRefused) as exc:
        minutes.save_discussion(item, world.worker, "고친 내용", item.version)
    assert "확정" in exc.value.message
    with pytest.raises(ConferenceRefused):
        decisions.reopen(conf, world.worker, "정정")
    decisions.reopen(conf, world.lead, "오타 정정")
    assert conf.status == "held" and conf.log[-1].action == "reopened" and conf.log[-1].reason == "오타 정정"
    minutes.save_discussion(item, world.worker, "고친 내용", item.version)
    # Confirming again applies nothing twice.
    assert decisions.confirm(conf, world.lead) == 0


def test_stale_minutes_are_refused_with_the_other_text(world):
    conf = schedule(world)
    item = services.add_case(conf, world.worker, world.shared, "q")
    start = item.version
    minutes.save_discussion(item, world.worker, "첫 작성자 내용", start)
    with pytest.raises(minutes.StaleMinutes) as exc:
        minutes.save_discussion(item, world.lead, "두번째 작성자 내용", start)
    assert exc.value.item.discussion == "첫 작성자 내용"


def test_monthly_recurrence_keeps_week_and_weekday(world):
    conf = services.schedule(world.lead, kind="integrated", title="월례", starts_at=schedule(world).starts_at,
                             minutes_long=60, place="회의실", online_url=None, org_ids=[world.center.id],
                             recurrence="monthly", repeat=2)
    dates = sorted(c.starts_at for c in db.session.scalars(
        select(type(conf)).where(type(conf).series_id == conf.series_id)))
    assert len(dates) == 3
    from caseweb.timeutil import SEOUL
    local = [d.astimezone(SEOUL) for d in dates]
    assert len({d.weekday() for d in local}) == 1 and len({(d.day - 1) // 7 for d in local}) <= 2
    assert all(d.hour == 14 for d in local)
    assert all((b - a) >= timedelta(days=28) for a, b in zip(dates, dates[1:]))


def test_a_solution_committee_referral_puts_the_case_on_the_next_committee(world, make):
    from caseweb.models import AgendaItem
    hope = make.org(name="희망복지지원단", kind="district")
    make.user(hope, "supervisor")
    world.shared.household  # consent covers center1 only: cover the district too
    make.consent(world.shared.household, recipients=[hope], user=world.worker)
    conf = schedule(world)
    item = services.add_case(conf, world.worker, world.shared, "고난도 여부")
    decisions.record(item, world.worker, kind="solution", note="주거·정신건강 복합 위기")
    committee = schedule(world, kind="solution", org_ids=[hope.id], days=20)
    services.hold(conf, world.lead, set(), set())
    decisions.confirm(conf, world.lead)
    added = db.session.scalar(select(AgendaItem).where(AgendaItem.conference_id == committee.id))
    assert added.case_id == world.shared.id and added.question == "주거·정신건강 복합 위기"
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "conference_solution"))
    assert event.detail["committee_id"] == committee.id


def test_a_viewer_is_refused_with_a_message(world):
    conf = schedule(world)
    with pytest.raises(ConferenceRefused) as exc:
        services.add_case(conf, world.viewer, world.shared, "q")
    assert "열람 전용" in exc.value.message


def test_action_items_reach_the_assigned_person_or_the_whole_org(world):
    from caseweb.conferences.queries import my_open_actions
    conf = schedule(world)
    personal = minutes.add_action(conf, world.worker, what="개인 할 일", assignee_org_id=world.center.id,
                                  assignee=world.cworker)
    shared = minutes.add_action(conf, world.worker, what="기관 할 일", assignee_org_id=world.center.id)
    services.hold(conf, world.lead, set(), set())
    assert my_open_actions(world.cworker) == []  # tasks start when the minutes are confirmed
    decisions.confirm(conf, world.lead)
    assert {a.id for a in my_open_actions(world.cworker)} == {personal.id, shared.id}
    assert {a.id for a in my_open_actions(world.csuper)} == {shared.id}
    assert my_open_actions(world.worker) == []
    with pytest.raises(ConferenceRefused):
        minutes.mark_done(personal, world.csuper)
    minutes.mark_done(shared, world.csuper)
    assert {a.id for a in my_open_actions(world.cworker)} == {personal.id}


def test_a_lead_decision_hands_the_case_to_the_other_org(world):
    conf = schedule(world)
    item = services.add_case(conf, world.worker, world.shared, "주관기관 변경")
    decisions.record(item, world.worker, kind="lead", org_id=world.center.id)
    services.hold(conf, world.lead, set(), set())
    decisions.confirm(conf, world.lead)
    case = world.shared
    assert case.lead_org_id == world.center.id and case.manager_id is None
    roles = {t.org_id: (t.role, t.via) for t in db.session.scalars(select(CaseTeam).where(CaseTeam.case_id == case.id))}
    assert roles == {world.center.id: ("lead", "conference"), world.dong.id: ("partner", "conference")}
