"""Household data belongs to the lead organisation (issue 7, Medium 5 and 6).

Partners read the household; only the lead reveals the full RRN — for a real
reason, rate-limited — edits it, opens cases on it and records or revokes
consent. Registering a household grants nothing once another organisation leads.
"""
import pytest
from sqlalchemy import func, select

from caseweb.extensions import db, limiter
from caseweb.models import AccessLog, Consent, ListOption

from .helpers import valid_rrn

RRN = valid_rrn("900101123456")
PURPOSE = "급여 신청"
GOOD = {"purpose": PURPOSE, "reason": "기초생활수급 신청서 작성"}


@pytest.fixture()
def shared(make):
    """A household led by `lead`, with `partner` on the case team under a third-party consent."""
    lead, partner = make.org(name="행복동 행정복지센터"), make.org(name="중앙종합사회복지관", kind="welfare_center",
                                                              sector="private")
    household = make.household(lead, rrn=RRN, head_name="김영희")
    case = make.case(lead, household)
    make.partner(case, partner)
    make.consent(household, [partner])
    db.session.add(ListOption(list_name="rrn_reveal_reason", label=PURPOSE, position=1))
    db.session.flush()
    return lead, partner, household, case


def test_partner_reads_the_household_but_gets_404_on_reveal_edit_consent_and_new_case(make, login, shared):
    lead, partner, household, case = shared
    c = login(make.user(partner, "supervisor"))
    page = c.get(f"/households/{household.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "김영희" in html
    assert f"/households/{household.id}/edit" not in html and f"/households/{household.id}/rrn" not in html
    assert f"/consents/household/{household.id}/new" not in html
    consent = db.session.scalar(select(Consent).where(Consent.household_id == household.id))
    assert f"/consents/{consent.id}/revoke" not in html
    for method, url, data in [
            ("POST", f"/households/{household.id}/rrn", GOOD),
            ("GET", f"/households/{household.id}/edit", None),
            ("POST", f"/households/{household.id}/edit", {"head_name": "바꿈", "version": household.version}),
            ("GET", f"/consents/household/{household.id}/new", None),
            ("POST", f"/consents/household/{household.id}/new", {"kinds": ["third_party"], "scope": "network",
                                                                 "purpose": "x", "valid_from": "2026-01-01"}),
            ("POST", f"/consents/{consent.id}/revoke", {"reason": "가구 요청"}),
            ("GET", f"/cases/new?household_id={household.id}", None)]:
        r = c.open(url, method=method, data=data)
        assert r.status_code == 404, (method, url, r.status_code)
        assert RRN not in r.get_data(as_text=True)
    db.session.expire_all()
    assert household.head_name == "김영희" and consent.revoked_at is None
    assert db.session.scalar(select(func.count(Consent.id)).where(Consent.household_id == household.id)) == 1
    assert not db.session.scalar(select(AccessLog.id).where(AccessLog.action == "rrn_reveal"))


def test_lead_viewer_gets_403_on_reveal_and_lead_worker_reveals(make, login, shared):
    lead, partner, household, case = shared
    assert login(make.user(lead, "viewer")).post(f"/households/{household.id}/rrn", data=GOOD).status_code == 403
    r = login(make.user(lead)).post(f"/households/{household.id}/rrn", data=GOOD)
    assert r.status_code == 200 and RRN in r.get_data(as_text=True)


@pytest.mark.parametrize("reason", ["xx", "확인", "  조회 ", "ㅇㅇㅇㅇㅇ", "1111111", "....."])
def test_trivial_reveal_reasons_are_refused_with_a_message(make, login, shared, reason):
    lead, partner, household, case = shared
    r = login(make.user(lead)).post(f"/households/{household.id}/rrn", data={"purpose": PURPOSE, "reason": reason},
                                    headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and RRN not in html and "다섯 글자 이상" in html


def test_reveal_needs_a_purpose_from_the_managed_list(make, login, shared):
    lead, partner, household, case = shared
    c = login(make.user(lead))
    form = c.get(f"/households/{household.id}").get_data(as_text=True)
    assert f'value="{PURPOSE}"' in form
    r = c.post(f"/households/{household.id}/rrn", data={"purpose": "아무거나", "reason": GOOD["reason"]})
    assert r.status_code == 422 and RRN not in r.get_data(as_text=True)


def test_reveals_are_rate_limited_per_user_with_a_clear_message(app, make, login, shared):
    lead, partner, household, case = shared
    app.config.update(RATELIMIT_ENABLED=True, RRN_REVEAL_RATE_LIMIT="3 per hour")
    limiter.reset()
    try:
        first, second = login(make.user(lead)), login(make.user(lead))
        answers = [first.post(f"/households/{household.id}/rrn", data=GOOD) for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert RRN not in answers[-1].get_data(as_text=True)
        assert "전체 번호 보기 한도" in answers[-1].get_data(as_text=True)
        # Another worker has an allowance of their own.
        assert second.post(f"/households/{household.id}/rrn", data=GOOD).status_code == 200
    finally:
        app.config.update(RATELIMIT_ENABLED=False, RRN_REVEAL_RATE_LIMIT="10 per hour")
        limiter.reset()
    actions = list(db.session.scalars(select(AccessLog.action).where(AccessLog.action.like("rrn_reveal%"))
                                      .order_by(AccessLog.id)))
    assert actions == ["rrn_reveal"] * 3 + ["rrn_reveal_refused", "rrn_reveal"]


def test_registering_org_loses_the_household_once_another_org_leads(make, login):
    registrar, lead = make.org(name="등록기관"), make.org(name="주관기관")
    household = make.household(registrar, head_name="이순자")
    c = login(make.user(registrar))
    assert c.get(f"/households/{household.id}").status_code == 200  # registered, no case yet
    make.case(lead, household)
    db.session.flush()
    for url in (f"/households/{household.id}", f"/consents/household/{household.id}",
                f"/consents/household/{household.id}/new", f"/households/{household.id}/edit"):
        assert c.get(url).status_code == 404, url
    assert "이순자" not in c.get("/households/").get_data(as_text=True)
    r = c.post(f"/consents/household/{household.id}/new", data={
        "kinds": ["third_party"], "scope": "network", "purpose": "다시 보기", "valid_from": "2026-01-01"})
    assert r.status_code == 404
    assert not db.session.scalar(select(Consent.id).where(Consent.household_id == household.id))


def test_revocation_cannot_be_undone_by_the_registering_organisation(app, make, login):
    """The pen-test path: A registered the household and handed the lead to B; B revokes A's consent."""
    from caseweb.consents import services as consent_services
    from caseweb.referrals import services as referrals
    a, b = make.org(name="등록한 동"), make.org(name="이관받은 기관")
    a_worker, b_worker = make.user(a), make.user(b)
    household = make.household(a, head_name="박정희")
    case = make.case(a, household)
    consent = make.consent(household, [a, b])
    with app.test_request_context("/"):
        t = referrals.send_transfer(case, a_worker, b, "이관")
        referrals.accept(t, b_worker)
        consent_services.revoke(consent, b_worker, "가구 요청")
    db.session.commit()
    c = login(a_worker)
    assert c.get(f"/cases/{case.id}").status_code == 404
    assert c.get(f"/households/{household.id}").status_code == 404
    r = c.post(f"/consents/household/{household.id}/new", data={
        "kinds": ["third_party"], "scope": "orgs", "recipient_ids": [a.id], "purpose": "다시 열기",
        "valid_from": "2026-01-01", "subject_member_id": "0"})
    assert r.status_code == 404
    assert c.get(f"/cases/{case.id}").status_code == 404
    assert db.session.scalar(select(func.count(Consent.id)).where(Consent.household_id == household.id)) == 1
