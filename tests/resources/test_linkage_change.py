"""Correcting and cancelling (returning) a linkage: units move back exactly, the case history says so,
and only the organisation that made the linkage may do it."""
from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog, CaseEvent, Linkage

from ..conftest import is_full_page
from .helpers import make_resource


def _linked(make, login, remaining=5, quantity="2"):
    org = make.org()
    user = make.user(org)
    case = make.case(org, status="service")
    ramen = make_resource(make.org("한빛푸드뱅크"), "라면 나눔", domain="economy", remaining=remaining, quantity=800,
                          amount_krw=1000)
    c = login(user)
    r = c.post(f"/resources/case/{case.id}/link", data={"resource_id": ramen.id, "domain": "economy",
                                                       "linked_on": "2026-12-01", "quantity": quantity})
    assert r.status_code == 302
    lk = db.session.scalar(select(Linkage).where(Linkage.case_id == case.id))
    return org, user, case, ramen, lk, c


def _remaining(resource):
    db.session.refresh(resource)
    return resource.remaining


def _events(case, action):
    return db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == action)).all()


def _correct(c, case, lk, **data):
    values = {"linked_on": "2026-12-01", "quantity": "2", "amount_krw": "2000", "note": ""}
    values.update(data)
    return c.post(f"/resources/case/{case.id}/linkages/{lk.id}/correct", data=values)


def test_linking_is_in_the_case_history(make, login):
    _org, _user, case, _ramen, lk, _c = _linked(make, login)
    (event,) = _events(case, "linkage_added")
    assert event.detail["linkage_id"] == lk.id and event.detail["quantity"] == [None, 2]


def test_a_larger_quantity_takes_more_and_a_smaller_one_gives_back(make, login):
    _org, _user, case, ramen, lk, c = _linked(make, login)
    assert _remaining(ramen) == 3 and lk.taken == 2
    assert _correct(c, case, lk, quantity="4").status_code == 302
    assert _remaining(ramen) == 1
    db.session.refresh(lk)
    assert (lk.quantity, lk.taken) == (4, 4)
    assert _correct(c, case, lk, quantity="1", linked_on="2026-11-30", note="날짜 정정").status_code == 302
    assert _remaining(ramen) == 4
    db.session.refresh(lk)
    assert (lk.quantity, lk.taken, lk.linked_on.isoformat(), lk.note) == (1, 1, "2026-11-30", "날짜 정정")
    first, second = _events(case, "linkage_corrected")
    assert first.detail["quantity"] == [2, 4]
    assert second.detail["quantity"] == [4, 1] and second.detail["linked_on"] == ["2026-12-01", "2026-11-30"]


def test_a_correction_beyond_what_remains_is_refused_and_changes_nothing(make, login):
    _org, _user, case, ramen, lk, c = _linked(make, login, remaining=3)
    r = c.post(f"/resources/case/{case.id}/linkages/{lk.id}/correct",
               data={"linked_on": "2026-12-01", "quantity": "5", "note": "더"},
               headers={"HX-Request": "true", "HX-Target": "case-resources"})
    assert r.status_code == 409
    assert "“라면 나눔”이 부족합니다: 잔여 1, 요청 3." in r.get_data(as_text=True)
    assert _remaining(ramen) == 1
    db.session.refresh(lk)
    assert (lk.quantity, lk.taken, lk.note) == (2, 2, None)
    assert _events(case, "linkage_corrected") == []


def test_cancelling_gives_the_units_back_once_and_strikes_the_linkage_out(make, login):
    _org, _user, case, ramen, lk, c = _linked(make, login)
    assert _remaining(ramen) == 3
    empty = c.post(f"/resources/case/{case.id}/linkages/{lk.id}/cancel", data={"reason": ""})
    assert empty.status_code == 422 and _remaining(ramen) == 3
    r = c.post(f"/resources/case/{case.id}/linkages/{lk.id}/cancel", data={"reason": "가구가 수령을 거절"},
               headers={"HX-Request": "true", "HX-Target": "case-resources"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert not is_full_page(page) and "연계를 취소했습니다: 라면 나눔." in page and "가구가 수령을 거절" in page
    assert 'class="linkage-cancelled"' in page
    assert _remaining(ramen) == 5
    db.session.refresh(lk)
    assert lk.cancelled_at is not None and lk.taken == 0 and lk.cancel_reason == "가구가 수령을 거절"
    (event,) = _events(case, "linkage_cancelled")
    assert event.detail["returned"] == [None, 2]
    # Once cancelled it is no longer the organisation's to change: a second cancel is a 404.
    again = c.post(f"/resources/case/{case.id}/linkages/{lk.id}/cancel", data={"reason": "다시"})
    assert again.status_code == 404 and _remaining(ramen) == 5


def test_a_cancelled_linkage_leaves_the_plan_view_and_suggestions_offer_the_entry_again(make):
    from caseweb.resources import linkage
    org = make.org()
    user = make.user(org)
    case = make.case(org, status="service")
    ramen = make_resource(org, "라면 나눔", domain="economy", remaining=2)
    lk = linkage.link(case, user, resource=ramen, domain="economy", linked_on=ramen.created_at.date())
    assert linkage.planned_vs_linked(case, linkage.case_linkages(case))[0]["linked"] == [lk]
    linkage.cancel(lk, user, "착오")
    db.session.flush()
    assert linkage.planned_vs_linked(case, linkage.case_linkages(case)) == []
    assert db.session.scalar(select(func.count()).select_from(Linkage).where(Linkage.in_force())) == 0


def test_the_history_tab_shows_corrections_in_words(make, login):
    _org, _user, case, _ramen, lk, c = _linked(make, login)
    _correct(c, case, lk, quantity="3", amount_krw="3000")
    c.post(f"/resources/case/{case.id}/linkages/{lk.id}/cancel", data={"reason": "착오 입력"})
    page = c.get(f"/cases/{case.id}/history").get_data(as_text=True)
    for words in ("자원 연계", "자원연계 수정", "자원연계 취소·반환", "자원: 라면 나눔", "수량: 2 → 3",
                  "3,000", "착오 입력"):
        assert words in page, words


def test_only_the_linking_organisation_may_change_a_linkage(make, login):
    org, _user, case, ramen, lk, _c = _linked(make, login)
    partner = make.org()
    make.partner(case, partner)
    make.consent(case.household, recipients=[partner])
    other = login(make.user(partner))
    assert other.get(f"/resources/case/{case.id}").status_code == 200  # the partner reads the linkages
    assert f"/linkages/{lk.id}" not in other.get(f"/resources/case/{case.id}").get_data(as_text=True)
    for path, data in ((f"/resources/case/{case.id}/linkages/{lk.id}", None),
                       (f"/resources/case/{case.id}/linkages/{lk.id}/correct", {"linked_on": "2026-12-01"}),
                       (f"/resources/case/{case.id}/linkages/{lk.id}/cancel", {"reason": "x"})):
        r = other.get(path) if data is None else other.post(path, data=data)
        assert r.status_code == 404, path
    viewer = login(make.user(org, role="viewer"))
    assert viewer.post(f"/resources/case/{case.id}/linkages/{lk.id}/cancel", data={"reason": "x"}).status_code == 404
    stranger = login(make.user(make.org()))
    assert stranger.get(f"/resources/case/{case.id}/linkages/{lk.id}").status_code == 404
    assert _remaining(ramen) == 3


def test_the_dialog_is_a_fragment_and_reads_are_logged(make, login):
    _org, _user, case, _ramen, lk, c = _linked(make, login)
    panel = c.get(f"/resources/case/{case.id}").get_data(as_text=True)
    assert f"/resources/case/{case.id}/linkages/{lk.id}" in panel  # the row offers the dialog
    r = c.get(f"/resources/case/{case.id}/linkages/{lk.id}", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html) and "취소·반환 사유" in html
    assert db.session.scalar(select(func.count()).select_from(AccessLog).where(
        AccessLog.action == "linkage_change_form", AccessLog.case_id == case.id)) == 1


def test_a_partner_without_the_plan_section_does_not_see_linkages_in_the_history(make, login):
    _org, _user, case, _ramen, _lk, _c = _linked(make, login)
    partner = make.org()
    make.partner(case, partner, sections=["overview", "history"])
    make.consent(case.household, recipients=[partner])
    page = login(make.user(partner)).get(f"/cases/{case.id}/history").get_data(as_text=True)
    assert "라면 나눔" not in page and "자원 연계" not in page
