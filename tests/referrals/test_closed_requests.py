"""After a decline, withdrawal or revocation the other side keeps only metadata (issue 7, Medium 6),
and reading a referral changes nothing but writes its access-log row (issue 7, low items)."""
import re

import pytest
from sqlalchemy import func, select

from caseweb.consents import services as consent_services
from caseweb.extensions import db
from caseweb.models import AccessLog, CaseEvent, Transition
from caseweb.referrals import services

HX = {"HX-Request": "true"}
PERSONAL = ("김영희", "새봄동", "우울감 상담 의뢰")


@pytest.fixture()
def sent(make, world):
    world.household.dong = "새봄동"
    world.consent = make.consent(world.household, [world.b])
    t = services.send_referral(world.case, world.lead_worker, world.b, "우울감 상담 의뢰", ["overview"])
    db.session.commit()
    return t


def _shows_only_metadata(html: str, world) -> None:
    for text in PERSONAL:
        assert text not in html, text
    assert not re.search(r"만 \d+세", html)  # no age
    assert world.lead.name in html and world.b.name in html  # organisations and dates stay


def test_receiver_sees_only_metadata_after_decline(login, world, sent):
    c = login(world.b_worker)
    assert "김영희" in c.get(f"/referrals/{sent.id}").get_data(as_text=True)  # it may decide first
    services.decline(sent, world.b_worker, "정원 초과", "provider", "가구 사정 상세 메모")
    db.session.commit()
    html = c.get(f"/referrals/{sent.id}").get_data(as_text=True)
    _shows_only_metadata(html, world)
    assert "가구 사정 상세 메모" not in html and "거절" in html
    row = c.get("/referrals/?box=inbox").get_data(as_text=True)
    assert world.case.number in row and "김영희" not in row and "우울감" not in row
    # The sender leads the case and still sees everything.
    assert "김영희" in login(world.lead_worker).get(f"/referrals/{sent.id}").get_data(as_text=True)


def test_receiver_sees_only_metadata_after_withdrawal(login, world, sent):
    services.withdraw(sent, world.lead_worker)
    db.session.commit()
    _shows_only_metadata(login(world.b_worker).get(f"/referrals/{sent.id}").get_data(as_text=True), world)


def test_after_revocation_the_partner_sees_metadata_and_cannot_reply(login, world, sent):
    c = login(world.b_worker)
    assert c.post(f"/referrals/{sent.id}/accept").status_code == 302
    consent_services.revoke(world.consent, world.lead_worker, "가구 요청")
    db.session.commit()
    _shows_only_metadata(c.get(f"/referrals/{sent.id}").get_data(as_text=True), world)
    for action, data in (("start", {}), ("reply", {"result": "상담 3회 진행, 안정됨"})):
        r = c.post(f"/referrals/{sent.id}/{action}", data=data, headers=HX)
        assert r.status_code == 422, action
        assert "동의" in r.get_data(as_text=True) and "김영희" not in r.get_data(as_text=True)
    db.session.expire_all()
    assert sent.status == "accepted" and sent.result is None


def test_forwarding_is_refused_after_revocation(login, world, sent, make):
    make.consent(world.household, [world.c])  # the next organisation is covered; the receiver no longer is
    consent_services.revoke(world.consent, world.lead_worker, "가구 요청")
    db.session.commit()
    r = login(world.b_worker).post(f"/referrals/{sent.id}/reroute", data={"to_org_id": world.c.id, "reason": "권역"})
    assert r.status_code == 422
    assert db.session.scalar(select(func.count(Transition.id))) == 1


def test_opening_a_referral_changes_nothing_and_receiving_is_a_post(login, world, sent):
    c = login(world.b_worker)
    events = db.session.scalar(select(func.count(CaseEvent.id)))
    assert c.get(f"/referrals/{sent.id}").status_code == 200
    db.session.expire_all()
    assert sent.status == "requested" and sent.received_at is None
    assert db.session.scalar(select(func.count(CaseEvent.id))) == events
    assert c.post(f"/referrals/{sent.id}/receive").status_code == 302
    db.session.expire_all()
    assert sent.status == "received" and sent.received_at is not None
    assert c.post(f"/referrals/{sent.id}/receive", headers=HX).status_code == 422  # once
    assert login(world.lead_worker).post(f"/referrals/{sent.id}/receive", headers=HX).status_code == 422


def _views(world):
    return db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == "referral_view", AccessLog.household_id == world.household.id))


@pytest.mark.parametrize("request_", [
    ("GET", "decline", None, {}),
    ("GET", "decline", None, HX),
    ("POST", "decline", {"decline_reason": ""}, HX),
    ("POST", "decline", {"decline_reason": ""}, {}),
    ("POST", "reroute", {"to_org_id": "", "reason": ""}, {}),
], ids=["decline-form", "decline-form-htmx", "decline-invalid-htmx", "decline-invalid", "reroute-invalid"])
def test_every_page_showing_the_household_is_a_logged_read(login, world, sent, request_):
    method, action, data, headers = request_
    c = login(world.b_worker)
    before = _views(world)
    r = c.open(f"/referrals/{sent.id}/{action}", method=method, data=data, headers=headers)
    assert r.status_code in (200, 422)
    assert headers or "김영희" in r.get_data(as_text=True)  # the full page names the household
    assert _views(world) == before + 1


def test_invalid_reply_is_a_logged_read(login, world, sent):
    c = login(world.b_worker)
    c.post(f"/referrals/{sent.id}/accept")
    before = _views(world)
    r = c.post(f"/referrals/{sent.id}/reply", data={"result": ""})
    assert r.status_code == 422 and "김영희" in r.get_data(as_text=True)
    assert _views(world) == before + 1
