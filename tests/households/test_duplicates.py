"""중복 확인: finding people already served, showing only what may be shown."""
from datetime import date

from sqlalchemy import select

from caseweb.extensions import db
from caseweb.households.duplicates import similar_names
from caseweb.models import AccessLog, Household

from ..conftest import is_full_page
from .helpers import form_data, valid_rrn

RRN = valid_rrn("850302223456")
SECRET_ADDRESS = "비밀로 77 은행나무아파트"


def _other_org_household(make, **kw):
    """김영희, registered and case-managed by another organisation."""
    other = make.org(name="드림구 노인맞춤돌봄센터", kind="public_program", programme="elderly_care",
                     phone="02-555-0101")
    manager = make.user(other, name="정담당", phone="010-9999-0000")
    household = make.household(other, head_name="김영희", rrn=RRN, address=SECRET_ADDRESS,
                               phone="010-2222-3333", phone_digits="01022223333", **kw)
    make.case(other, household, manager=manager, programme="elderly_care", found_on=date(2025, 4, 1),
              source="비공개 사유 메모")
    return household


def _check(client, htmx=True, **fields):
    data = {"head_name": "", "birth_date": "", "rrn": "", "phone": ""}
    data.update(fields)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/households/duplicates", data=data, headers=headers)


def _assert_only_work_contact(html, household):
    assert "드림구 노인맞춤돌봄센터" in html and "정담당" in html and "010-9999-0000" in html
    assert "2025-04-01" in html
    assert SECRET_ADDRESS not in html and RRN not in html and RRN[:8] not in html
    assert household.number not in html and "비공개 사유 메모" not in html
    assert f"/households/{household.id}" not in html


def test_jamo_distance_catches_one_syllable_typos():
    assert similar_names("김영희", "김영혜")
    assert similar_names("김영희", "김영이")
    assert not similar_names("김영희", "박철수")


def test_finds_other_organisations_household_by_rrn_and_name(make, login):
    household = _other_org_household(make)
    c = login(make.user(make.org()))
    r = _check(c, rrn=RRN, head_name="김영희")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    _assert_only_work_contact(html, household)


def test_finds_by_name_and_birth_date(make, login):
    household = _other_org_household(make)
    html = _check(login(make.user(make.org())), head_name="김 영희", birth_date="1985-03-02").get_data(as_text=True)
    _assert_only_work_contact(html, household)


def test_finds_a_one_syllable_typo_with_the_same_birth_date_in_own_households(make, login):
    org = make.org()
    household = make.household(org, head_name="김영희", birth_date=date(1985, 3, 2))
    html = _check(login(make.user(org)), head_name="김영혜", birth_date="1985-03-02").get_data(as_text=True)
    assert f'href="/households/{household.id}"' in html


def test_finds_a_similar_name_with_the_same_phone_in_own_households(make, login):
    org = make.org()
    household = make.household(org, head_name="김영희", phone_digits="01022223333")
    html = _check(login(make.user(org)), head_name="김영혜", phone="010 2222 3333").get_data(as_text=True)
    assert f'href="/households/{household.id}"' in html


def test_different_person_with_same_birth_date_is_not_a_match(make, login):
    _other_org_household(make)
    html = _check(login(make.user(make.org())), head_name="이철수", birth_date="1985-03-02").get_data(as_text=True)
    assert "드림구 노인맞춤돌봄센터" not in html and 'role="status"' in html


def test_own_household_gets_a_link_instead(make, login):
    org = make.org()
    household = make.household(org, head_name="김영희", birth_date=date(1985, 3, 2))
    html = _check(login(make.user(org)), head_name="김영희", birth_date="1985-03-02").get_data(as_text=True)
    assert f'href="/households/{household.id}"' in html


def test_each_lookup_is_logged_without_the_rrn(make, login):
    household = _other_org_household(make)
    _check(login(make.user(make.org())), rrn=RRN, head_name="김영희")
    rows = db.session.scalars(select(AccessLog).where(AccessLog.action == "duplicate_check")).all()
    assert [(r.household_id, r.reason) for r in rows] == [(household.id, "rrn,name_birth")]
    for row in rows:
        assert RRN.replace("-", "") not in f"{row.reason}{row.target}" and RRN not in f"{row.reason}{row.target}"


def test_lookup_without_matches_is_logged_too(make, login):
    _check(login(make.user(make.org())), head_name="아무개", birth_date="2001-01-01")
    rows = db.session.scalars(select(AccessLog).where(AccessLog.action == "duplicate_check")).all()
    assert [(r.household_id, r.reason) for r in rows] == [(None, "none")]


def test_without_htmx_the_endpoint_returns_a_page(make, login):
    household = _other_org_household(make)
    r = _check(login(make.user(make.org())), htmx=False, rrn=RRN, head_name="김영희")
    assert r.status_code == 200 and is_full_page(r.get_data(as_text=True))
    _assert_only_work_contact(r.get_data(as_text=True), household)


def test_check_button_on_the_form_works_without_javascript_and_saves_nothing(make, login):
    household = _other_org_household(make)
    c = login(make.user(make.org()))
    r = c.post("/households/new", data=form_data(rrn=RRN, birth_date="", check_duplicates="1"))
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and is_full_page(html)
    assert "드림구 노인맞춤돌봄센터" in html and SECRET_ADDRESS not in html
    assert db.session.scalar(select(Household.id).where(Household.id != household.id)) is None


def test_duplicate_check_needs_csrf(make, login):
    c = login(make.user(make.org()))
    r = c.post("/households/duplicates", data={"head_name": "김영희"}, csrf=False)
    assert r.status_code == 400
