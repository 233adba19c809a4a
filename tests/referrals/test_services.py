"""The transition rules, called directly: consent gate, who may answer, status changes."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseweb.authz import can_see_case
from caseweb.extensions import db
from caseweb.models import AccessLog, CaseEvent, CaseTeam, Notification
from caseweb.referrals import services
from caseweb.referrals.services import TransitionRefused
from caseweb.timeutil import seoul_today, utcnow

NO_CONSENT = "이 기관에 정보를 제공하는 제3자 제공 동의가 없습니다"


def _refer(w, to=None, sections=("overview", "notes")):
    return services.send_referral(w.case, w.lead_worker, to or w.b, "정신건강 상담 필요", list(sections))


def _team_row(case, org):
    return db.session.scalar(select(CaseTeam).where(CaseTeam.case_id == case.id, CaseTeam.org_id == org.id))


@pytest.mark.parametrize("consent_kw", [
    None,
    {"valid_until_days": -1},
    {"other_recipient": True},
    {"kind": "collect_use"},
    {"revoked": True},
])
def test_referral_refused_without_covering_consent(make, world, consent_kw):
    w = world
    if consent_kw is not None:
        recipients = [w.c] if consent_kw.get("other_recipient") else [w.b]
        kw = {}
        if "valid_until_days" in consent_kw:
            kw = {"valid_from": seoul_today() - timedelta(days=30),
                  "valid_until": seoul_today() + timedelta(days=consent_kw["valid_until_days"])}
        consent = make.consent(w.household, recipients, kind=consent_kw.get("kind", "third_party"), **kw)
        if consent_kw.get("revoked"):
            consent.revoked_at = utcnow()
    with pytest.raises(TransitionRefused, match=NO_CONSENT):
        _refer(w)
    with pytest.raises(TransitionRefused, match=NO_CONSENT):
        services.send_transfer(w.case, w.lead_worker, w.b, "이사", None)


def test_network_consent_covers_any_organisation(make, world):
    make.consent(world.household, scope="network")
    t = _refer(world, to=world.c)
    assert t.status == "requested" and t.to_org_id == world.c.id


def test_accepting_referral_makes_partner_with_chosen_sections(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    assert not can_see_case(w.b.id, w.case)
    services.mark_received(t, w.b_worker)
    assert t.status == "received" and t.received_at
    services.accept(t, w.b_worker)
    row = _team_row(w.case, w.b)
    assert (t.status, row.role, row.via, row.active) == ("accepted", "partner", "referral", True)
    assert row.sections == ["overview", "notes"]
    assert can_see_case(w.b.id, w.case)
    actions = [e.action for e in w.case.events]
    assert {"referral_sent", "referral_received", "referral_accepted"} <= set(actions)
    logged = set(db.session.scalars(select(AccessLog.action).where(AccessLog.case_id == w.case.id)))
    assert {"referral_sent", "referral_accepted"} <= logged


def test_accepting_reactivates_inactive_partner_row(make, world):
    w = world
    make.consent(w.household, [w.b])
    old = make.partner(w.case, w.b, sections=["overview"])
    old.active = False
    t = _refer(w, sections=["plan"])
    services.accept(t, w.b_worker)
    assert _team_row(w.case, w.b).active and _team_row(w.case, w.b).sections == ["plan"]


def test_transfer_makes_receiver_lead_and_old_lead_partner(make, world):
    w = world
    make.consent(w.household, scope="network")
    w.case.manager_id = w.lead_worker.id
    t = services.send_transfer(w.case, w.lead_worker, w.b, "전출", None)
    services.accept(t, w.b_sup)
    assert w.case.lead_org_id == w.b.id and w.case.manager_id is None
    assert _team_row(w.case, w.lead).role == "partner"
    assert _team_row(w.case, w.b).role == "lead"
    assert can_see_case(w.b.id, w.case) and can_see_case(w.lead.id, w.case)


def test_answering_referral_of_another_org_is_refused(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    for user in (w.c_worker, w.lead_worker):
        with pytest.raises(TransitionRefused, match="다른 기관"):
            services.accept(t, user)
    assert t.status == "requested"


def test_accepting_twice_is_refused(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    services.accept(t, w.b_worker)
    with pytest.raises(TransitionRefused, match="이미"):
        services.accept(t, w.b_sup)
    with pytest.raises(TransitionRefused, match="이미"):
        services.decline(t, w.b_sup, "기타", "provider")


def test_withdraw_only_before_acceptance_and_only_by_sender(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    with pytest.raises(TransitionRefused, match="보낸 기관"):
        services.withdraw(t, w.b_worker)
    services.accept(t, w.b_worker)
    with pytest.raises(TransitionRefused, match="철회할 수 없습니다"):
        services.withdraw(t, w.lead_worker)
    assert t.status == "accepted"


def test_only_lead_can_send(make, world):
    w = world
    make.consent(w.household, scope="network")
    services.accept(_refer(w), w.b_worker)
    with pytest.raises(TransitionRefused, match="주관기관"):
        services.send_referral(w.case, w.b_worker, w.c, "추가 의뢰", ["overview"])


def test_decline_records_reason_and_who(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    services.decline(t, w.b_worker, "정원 초과", "household")
    assert (t.status, t.decline_reason, t.declined_by) == ("declined", "정원 초과", "household")
    assert not can_see_case(w.b.id, w.case)


def test_reroute_needs_consent_for_the_new_org(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    with pytest.raises(TransitionRefused, match=NO_CONSENT):
        services.reroute(t, w.b_worker, w.c, "우리 기관 대상 아님")
    make.consent(w.household, [w.c])
    new = services.reroute(t, w.b_worker, w.c, "우리 기관 대상 아님")
    assert t.status == "rerouted" and t.rerouted_to_id == new.id
    assert (new.from_org_id, new.to_org_id, new.sections) == (w.b.id, w.c.id, t.sections)


def test_progress_and_result(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    with pytest.raises(TransitionRefused):
        services.complete(t, w.b_worker, "결과")
    services.accept(t, w.b_worker)
    services.start(t, w.b_worker)
    services.complete(t, w.b_worker, "상담 4회 완료")
    assert (t.status, t.result) == ("completed", "상담 4회 완료")


def test_expire_overdue(app, make, world):
    w = world
    make.consent(w.household, [w.b, w.c])
    old, fresh = _refer(w), _refer(w, to=w.c)
    old.requested_at = utcnow() - timedelta(days=app.config["REFERRAL_EXPIRY_DAYS"] + 1)
    assert services.expire_overdue() == 1
    assert (old.status, fresh.status) == ("expired", "requested")
    kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == w.lead_worker.id)))
    assert "referral_expired" in kinds


def test_assign_same_org_only_by_supervisor(make, world):
    w = world
    with pytest.raises(TransitionRefused):
        services.assign(w.case, w.lead_worker, w.lead_worker)
    with pytest.raises(TransitionRefused):
        services.assign(w.case, w.lead_sup, w.b_worker)
    t = services.assign(w.case, w.lead_sup, w.lead_worker)
    assert w.case.manager_id == w.lead_worker.id and t.kind == "assign"
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.lead_worker.id))
    assert note.kind == "assigned" and w.case.number in note.message and "김영희" not in note.message


def test_duplicate_open_referral_refused(make, world):
    w = world
    make.consent(w.household, [w.b])
    _refer(w)
    with pytest.raises(TransitionRefused, match="기다리고"):
        _refer(w)


def test_events_written_for_each_step(make, world):
    w = world
    make.consent(w.household, [w.b])
    t = _refer(w)
    services.withdraw(t, w.lead_worker)
    actions = list(db.session.scalars(select(CaseEvent.action).where(CaseEvent.case_id == w.case.id)))
    assert "referral_withdrawn" in actions and "referral_sent" in actions
