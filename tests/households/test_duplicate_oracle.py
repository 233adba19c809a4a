"""The duplicate check helps coordination and is useless as an RRN oracle (issue 7, High 2)."""
from datetime import date

import pytest
from sqlalchemy import select

from caseweb.crypto import blind_index, normalise_rrn
from caseweb.extensions import db, limiter
from caseweb.models import AccessLog, Notification

from .helpers import valid_rrn

RRN = valid_rrn("850302223456")
OTHER_RRN = valid_rrn("850302223457")  # a guess that exists nowhere


def _served_elsewhere(make, programme="elderly_care", org_name="드림구 노인맞춤돌봄센터"):
    other = make.org(name=org_name, kind="public_program", programme=programme, phone="02-555-0101")
    manager = make.user(other, name="정담당", phone="010-9999-0000")
    household = make.household(other, head_name="김영희", rrn=RRN)
    make.case(other, household, manager=manager, programme=programme, found_on=date(2025, 4, 1))
    return household


def _check(client, **fields):
    data = {"head_name": "", "birth_date": "", "rrn": "", "phone": ""}
    data.update(fields)
    return client.post("/households/duplicates", data=data, headers={"HX-Request": "true"})


def _html(client, **fields):
    return _check(client, **fields).get_data(as_text=True)


@pytest.mark.parametrize("name", ["", "박철수", "김영"])
def test_a_number_without_the_right_name_reveals_nothing(make, login, name):
    _served_elsewhere(make)
    c = login(make.user(make.org()))
    html = _html(c, rrn=RRN, head_name=name)
    assert "드림구 노인맞춤돌봄센터" not in html and "정담당" not in html and "노인맞춤" not in html
    # Indistinguishable from a number nobody has.
    assert html == _html(c, rrn=OTHER_RRN, head_name=name)


def test_a_similar_name_reveals_nothing_about_another_organisations_household(make, login):
    _served_elsewhere(make)
    c = login(make.user(make.org()))
    html = _html(c, head_name="김영혜", birth_date="1985-03-02")
    assert "드림구 노인맞춤돌봄센터" not in html and "정담당" not in html


def test_number_and_name_together_name_who_serves(make, login):
    _served_elsewhere(make)
    html = _html(login(make.user(make.org())), rrn=RRN, head_name="김 영희")
    assert "드림구 노인맞춤돌봄센터" in html and "정담당" in html and "010-9999-0000" in html


@pytest.mark.parametrize("programme,org_name,word", [
    ("mental_health", "한빛구 정신건강복지센터", "정신건강"),
    ("addiction", "한빛구 중독관리통합지원센터", "중독"),
    ("child_protection", "한빛구 아동보호전문기관", "아동보호"),
])
def test_sensitive_programmes_show_only_managed_elsewhere_and_the_coordinator(make, login, programme,
                                                                           org_name, word):
    make.org(name="한빛구 희망복지지원단", kind="district", phone="02-2100-1234")
    _served_elsewhere(make, programme=programme, org_name=org_name)
    html = _html(login(make.user(make.org())), rrn=RRN, head_name="김영희")
    assert "다른 기관에서 관리 중" in html
    assert "한빛구 희망복지지원단" in html and "02-2100-1234" in html
    assert word not in html and org_name not in html
    assert "정담당" not in html and "010-9999-0000" not in html and "02-555-0101" not in html
    assert "2025-04-01" not in html


def test_every_check_is_logged_with_the_blind_index_not_the_number(make, login):
    household = _served_elsewhere(make)
    c = login(make.user(make.org()))
    _check(c, rrn=RRN, head_name="김영희")
    _check(c, rrn=OTHER_RRN, head_name="박철수")
    rows = db.session.scalars(select(AccessLog).where(AccessLog.action == "duplicate_check")
                              .order_by(AccessLog.id)).all()
    assert [(r.household_id, r.target) for r in rows] == [
        (household.id, "rrn_bi:" + blind_index(normalise_rrn(RRN))),
        (None, "rrn_bi:" + blind_index(normalise_rrn(OTHER_RRN)))]
    for row in rows:
        text = f"{row.target}{row.reason}"
        assert normalise_rrn(RRN) not in text and normalise_rrn(OTHER_RRN) not in text


@pytest.fixture()
def limited(app, monkeypatch):
    """Limits on for this test: 3 checks per hour, on the shared limiter store."""
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "DUPLICATE_CHECK_LIMIT", "3 per hour")
    limiter.reset()
    yield
    limiter.reset()


def _guesses(n):
    return [valid_rrn(f"8503022{i:05d}") for i in range(n)]


def test_per_user_limit_then_a_clear_korean_message(make, login, limited):
    _served_elsewhere(make)
    c = login(make.user(make.org()))
    answers = [_check(c, rrn=rrn, head_name="김영희") for rrn in _guesses(3)]
    assert all(r.status_code == 200 and "너무 많이" not in r.get_data(as_text=True) for r in answers)
    r = _check(c, rrn=RRN, head_name="김영희")
    html = r.get_data(as_text=True)
    assert "중복 확인을 너무 많이" in html and "60분" in html
    assert "드림구 노인맞춤돌봄센터" not in html  # refused: nothing looked up
    r = c.post("/households/duplicates", data={"head_name": "김영희", "rrn": RRN})  # without htmx
    assert r.status_code == 429 and "중복 확인을 너무 많이" in r.get_data(as_text=True)
    # Another user has a limit of their own.
    assert "드림구" in _html(login(make.user(make.org())), rrn=RRN, head_name="김영희")


def test_the_same_fields_sent_again_count_once(make, login, limited):
    c = login(make.user(make.org()))
    for _ in range(6):  # htmx asks again as the form is typed; unchanged fields are one check
        assert "너무 많이" not in _html(c, rrn=RRN, head_name="김영희")


def test_the_registration_form_button_is_limited_too(make, login, limited):
    from .helpers import form_data
    c = login(make.user(make.org()))
    codes = [c.post("/households/new", data=form_data(rrn=rrn, birth_date="", check_duplicates="1")).status_code
             for rrn in _guesses(4)]
    assert codes == [200, 200, 200, 429]


def test_a_burst_is_reported_to_admins_once_and_shows_in_the_access_log(make, login, limited):
    admin = make.user(make.org(kind="district"), "admin")
    worker = make.user(make.org(), username="prober1")
    c = login(worker)
    for rrn in _guesses(8):
        _check(c, rrn=rrn, head_name="김영희")
    notes = db.session.scalars(select(Notification).where(Notification.user_id == admin.id)).all()
    assert len(notes) == 1 and "prober1" in notes[0].message and "중복 확인" in notes[0].message
    refused = db.session.scalars(select(AccessLog).where(
        AccessLog.action == "duplicate_check_limited", AccessLog.user_id == worker.id)).all()
    assert len(refused) == 5
    html = login(admin).get(notes[0].link).get_data(as_text=True)
    assert "prober1" in html and "duplicate_check_limited" in html
