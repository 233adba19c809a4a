"""The referral pages: inbox/outbox, htmx row answers, detail, forged POSTs, the case panel."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog, CaseTeam, Transition
from caseweb.referrals import queries, services

from ..conftest import is_full_page

HX = {"HX-Request": "true"}


@pytest.fixture()
def sent(make, world):
    make.consent(world.household, [world.b])
    t = services.send_referral(world.case, world.lead_worker, world.b, "우울감 상담 의뢰", ["overview"])
    db.session.commit()
    return t


def test_inbox_lists_received_and_outbox_lists_sent(login, world, sent):
    html = login(world.b_worker).get("/referrals/?box=inbox").get_data(as_text=True)
    assert world.case.number in html and "수락" in html
    html = login(world.lead_worker).get("/referrals/?box=outbox").get_data(as_text=True)
    assert world.case.number in html and "철회" in html
    html = login(world.c_worker).get("/referrals/?box=inbox").get_data(as_text=True)
    assert world.case.number not in html


def test_status_filter_and_fragment(login, world, sent):
    c = login(world.b_worker)
    r = c.get("/referrals/?box=inbox&status=declined", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html) and 'id="referral-list"' in html
    assert world.case.number not in html
    assert is_full_page(c.get("/referrals/?box=inbox&status=requested").get_data(as_text=True))


def test_badge_counts_awaiting_answers(login, world, sent):
    assert login(world.b_worker).get("/referrals/badge", headers=HX).get_data(as_text=True) == "1"
    assert login(world.c_worker).get("/referrals/badge", headers=HX).get_data(as_text=True) == ""
    r = login(world.b_worker).get("/referrals/badge", follow_redirects=True)
    assert is_full_page(r.get_data(as_text=True))


def test_detail_before_acceptance_shows_only_reason_and_head(login, world, sent):
    world.household.phone = "010-1234-5678"
    db.session.commit()
    c = login(world.b_worker)
    html = c.get(f"/referrals/{sent.id}").get_data(as_text=True)
    age = queries.age_on(world.household.birth_date)
    assert "우울감 상담 의뢰" in html and "김영희" in html and "행복동" in html and f"만 {age}세" in html
    assert "010-1234-5678" not in html and "사례 열기" not in html
    assert sent.status == "requested"  # reading changes nothing; receiving is a POST
    assert db.session.scalar(select(AccessLog.id).where(AccessLog.action == "referral_view"))
    assert c.get(f"/cases/{world.case.id}").status_code == 404


def test_accept_inline_with_htmx_replaces_row(login, world, sent):
    c = login(world.b_worker)
    r = c.post(f"/referrals/{sent.id}/accept", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert html.strip().startswith(f'<tr id="transition-{sent.id}"') and "수락" in html
    assert r.headers.get("HX-Trigger") == "referrals-changed"  # the nav badge refreshes at once
    assert sent.status == "accepted"
    assert c.get(f"/referrals/case/{world.case.id}").status_code == 200


def test_accept_without_htmx_redirects_to_detail(login, world, sent):
    r = login(world.b_worker).post(f"/referrals/{sent.id}/accept", follow_redirects=True)
    assert is_full_page(r.get_data(as_text=True)) and "수락했습니다" in r.get_data(as_text=True)


def test_accepting_twice_shows_message(login, world, sent):
    c = login(world.b_worker)
    c.post(f"/referrals/{sent.id}/accept")
    r = c.post(f"/referrals/{sent.id}/accept", headers=HX)
    assert r.status_code == 422 and "이미 답변했거나 종료된 요청입니다" in r.get_data(as_text=True)


def test_decline_form_fragment_then_decline(login, world, sent):
    c = login(world.b_worker)
    r = c.get(f"/referrals/{sent.id}/decline", headers=HX)
    html = r.get_data(as_text=True)
    assert not is_full_page(html) and "거절 사유" in html and "거절 주체" in html
    assert is_full_page(c.get(f"/referrals/{sent.id}/decline").get_data(as_text=True))
    r = c.post(f"/referrals/{sent.id}/decline", data={"decline_reason": ""}, headers=HX)
    assert r.status_code == 422 and not is_full_page(r.get_data(as_text=True))
    r = c.post(f"/referrals/{sent.id}/decline", headers=HX,
               data={"decline_reason": "현재 정원 초과", "declined_by": "provider"})
    assert r.status_code == 200 and "거절" in r.get_data(as_text=True)
    assert (sent.status, sent.decline_reason, sent.declined_by) == ("declined", "현재 정원 초과", "provider")


def test_other_org_gets_404_for_transition(login, world, sent):
    c = login(world.c_worker)
    assert c.get(f"/referrals/{sent.id}").status_code == 404
    assert c.post(f"/referrals/{sent.id}/accept").status_code == 404
    assert c.post(f"/referrals/{sent.id}/withdraw").status_code == 404
    assert sent.status == "requested"


def test_sender_cannot_accept_own_referral(login, world, sent):
    r = login(world.lead_worker).post(f"/referrals/{sent.id}/accept", follow_redirects=True)
    assert "다른 기관에 보낸 요청입니다" in r.get_data(as_text=True)
    assert sent.status == "requested"


def test_withdraw_after_acceptance_refused(login, world, sent):
    login(world.b_worker).post(f"/referrals/{sent.id}/accept")
    r = login(world.lead_worker).post(f"/referrals/{sent.id}/withdraw", follow_redirects=True)
    assert "철회할 수 없습니다" in r.get_data(as_text=True) and sent.status == "accepted"


def test_reply_with_result(login, world, sent):
    c = login(world.b_worker)
    c.post(f"/referrals/{sent.id}/accept")
    assert c.post(f"/referrals/{sent.id}/reply", data={"result": ""}).status_code == 422
    c.post(f"/referrals/{sent.id}/reply", data={"result": "상담 연계 완료"})
    assert sent.status == "completed" and sent.result == "상담 연계 완료"


def test_refer_from_panel_without_consent_shows_gate_message(login, make, world):
    c = login(world.lead_worker)
    data = {"refer-to_org_id": world.c.id, "refer-reason": "의뢰", "refer-sections": ["overview"]}
    r = c.post(f"/referrals/case/{world.case.id}/refer", data=data, headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and not is_full_page(html)
    assert "이 기관에 정보를 제공하는 제3자 제공 동의가 없습니다. 먼저 동의를 받아 기록하세요." in html
    assert db.session.scalar(select(Transition.id).where(Transition.case_id == world.case.id)) is None
    r = c.post(f"/referrals/case/{world.case.id}/refer", data=data)
    assert r.status_code == 422 and is_full_page(r.get_data(as_text=True))


def test_refer_from_panel_with_consent(login, make, world):
    make.consent(world.household, [world.c])
    db.session.commit()
    c = login(world.lead_worker)
    r = c.post(f"/referrals/case/{world.case.id}/refer", data={
        "refer-to_org_id": world.c.id, "refer-reason": "식사 지원", "refer-sections": ["overview", "plan"],
        "refer-next": f"/cases/{world.case.id}"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{world.case.id}")
    t = db.session.scalar(select(Transition).where(Transition.case_id == world.case.id))
    assert (t.from_org_id, t.to_org_id, t.sections) == (world.lead.id, world.c.id, ["overview", "plan"])


def test_forged_fields_change_nothing(login, make, world):
    make.consent(world.household, scope="network")
    db.session.commit()
    c = login(world.lead_worker)
    c.post(f"/referrals/case/{world.case.id}/transfer", data={
        "transfer-to_org_id": world.b.id, "transfer-reason": "이관", "from_org_id": world.c.id,
        "lead_org_id": world.c.id, "org_id": world.c.id, "case_id": 999})
    t = db.session.scalar(select(Transition).where(Transition.case_id == world.case.id))
    assert t.from_org_id == world.lead.id and world.case.lead_org_id == world.lead.id
    r = login(world.b_worker).post(f"/referrals/{t.id}/accept", data={"lead_org_id": world.c.id,
                                                                      "to_org_id": world.c.id})
    assert r.status_code == 302
    db.session.refresh(world.case)
    assert world.case.lead_org_id == world.b.id
    assert db.session.scalar(select(CaseTeam).where(CaseTeam.org_id == world.c.id)) is None


def test_panel_actions_on_invisible_case_are_404(login, make, world):
    make.consent(world.household, scope="network")
    db.session.commit()
    c = login(world.c_worker)
    for kind in ("refer", "transfer"):
        r = c.post(f"/referrals/case/{world.case.id}/{kind}", data={f"{kind}-to_org_id": world.b.id,
                                                                   f"{kind}-reason": "x"})
        assert r.status_code == 404
    assert c.get(f"/referrals/case/{world.case.id}").status_code == 404


def test_assign_by_supervisor(login, make, world):
    make.consent(world.household, [world.b])
    db.session.commit()
    c = login(world.lead_sup)
    html = c.get(f"/referrals/case/{world.case.id}").get_data(as_text=True)
    assert "배정하기" in html and "다른 기관에 의뢰" in html and "다른 기관으로 이관" in html
    r = c.post(f"/referrals/case/{world.case.id}/assign", data={"worker_id": world.b_worker.id}, headers=HX)
    assert r.status_code == 422 and not is_full_page(r.get_data(as_text=True))
    c.post(f"/referrals/case/{world.case.id}/assign", data={"worker_id": world.lead_worker.id})
    assert world.case.manager_id == world.lead_worker.id
    assert login(world.lead_worker).post(f"/referrals/case/{world.case.id}/assign",
                                         data={"worker_id": world.lead_worker.id}).status_code == 403


def test_panel_shows_team_and_history(login, world, sent):
    login(world.b_worker).post(f"/referrals/{sent.id}/accept")
    html = login(world.lead_worker).get(f"/referrals/case/{world.case.id}").get_data(as_text=True)
    assert world.b.name in html and "협력" in html and "수락" in html


def test_dashboard_tiles(login, world, sent):
    html = login(world.b_worker).get("/").get_data(as_text=True)
    assert "새 의뢰" in html and "답변 대기 중" in html


def test_opening_the_inbox_expires_nothing_only_the_cli_job_does(app, login, world, sent):
    from datetime import timedelta
    from caseweb.timeutil import utcnow
    sent.requested_at = utcnow() - timedelta(days=app.config["REFERRAL_EXPIRY_DAYS"] + 1)
    db.session.commit()
    for box in ("outbox", "inbox"):
        assert login(world.lead_worker).get(f"/referrals/?box={box}").status_code == 200
    db.session.expire_all()
    assert sent.status == "requested"
    assert not db.session.scalar(select(AccessLog.id).where(AccessLog.action == "referral_expired"))


def test_cli_expire(app, world, sent):
    from datetime import timedelta
    from caseweb.timeutil import utcnow
    sent.requested_at = utcnow() - timedelta(days=app.config["REFERRAL_EXPIRY_DAYS"] + 1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["referrals", "expire"])
    assert "expired: 1" in result.output and sent.status == "expired"


def test_case_page_includes_the_team_panel(login, make, world):
    make.consent(world.household, [world.b])
    db.session.commit()
    c = login(world.lead_sup)
    html = c.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert 'id="referral-panel"' in html and "다른 기관에 의뢰" in html and "배정하기" in html


def test_panel_says_whom_the_consent_covers(login, make, world):
    c = login(world.lead_worker)
    html = c.get(f"/referrals/case/{world.case.id}").get_data(as_text=True)
    assert 'id="consent-missing"' in html and "다른 기관에 의뢰" not in html
    make.consent(world.household, [world.c])
    db.session.commit()
    html = c.get(f"/referrals/case/{world.case.id}").get_data(as_text=True)
    assert 'id="consent-missing"' not in html and "다른 기관에 의뢰" in html
    assert world.c.name in html.split('id="consent-coverage"')[1].split("</p>")[0]


def test_reading_the_inbox_is_logged(login, world, sent):
    from sqlalchemy import func
    before = db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.action == "referral_list"))
    assert login(world.b_worker).get("/referrals/?box=inbox").status_code == 200
    after = db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == "referral_list", AccessLog.user_id == world.b_worker.id))
    assert after == before + 1


def test_send_forms_load_on_demand(login, make, world):
    """The refer/transfer forms are offered behind a link, once the household has consented."""
    make.consent(world.household, [world.b])
    db.session.commit()
    c = login(world.lead_worker)
    html = c.get(f"/referrals/case/{world.case.id}").get_data(as_text=True)
    assert 'name="refer-to_org_id"' not in html and "send=refer" in html
    r = c.get(f"/referrals/case/{world.case.id}?send=refer", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert 'name="refer-to_org_id"' in html and 'name="transfer-to_org_id"' not in html and "의뢰하기" in html
    html = c.get(f"/referrals/case/{world.case.id}?send=transfer").get_data(as_text=True)
    assert is_full_page(html) and 'name="transfer-to_org_id"' in html
