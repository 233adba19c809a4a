"""Registering and editing households."""
from datetime import date

from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog, Household

from ..conftest import is_full_page
from .helpers import form_data, valid_rrn


def _logs(action):
    return db.session.scalars(select(AccessLog).where(AccessLog.action == action)).all()


def test_register_with_rrn_stores_only_cipher_index_and_mask(make, login):
    org = make.org(dong="명동")
    c = login(make.user(org))
    rrn = valid_rrn("900101123456")
    r = c.post("/households/new", data=form_data(rrn=rrn, birth_date="", gender="", dong="명동",
                                                 **{"members-0-name": "김민지", "members-0-relation": "child"}))
    assert r.status_code == 302
    household = db.session.scalar(select(Household).where(Household.head_name == "김영희"))
    assert r.headers["Location"].endswith(f"/households/{household.id}")
    assert household.rrn_masked == "900101-1******"
    assert household.birth_date == date(1990, 1, 1) and household.gender == "M"
    assert household.created_by_org_id == org.id and household.dong == "명동"
    assert household.number.startswith("H-") and len(household.number) == 13
    assert [m.name for m in household.members] == ["김민지"]
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "900101-1******" in page and rrn not in page and "김민지" in page
    assert _logs("household_create")[0].household_id == household.id


def test_register_without_rrn_needs_a_birth_date(make, login):
    c = login(make.user())
    r = c.post("/households/new", data=form_data(birth_date=""))
    assert r.status_code == 422 and is_full_page(r.get_data(as_text=True))
    assert 'id="birth_date-error"' in r.get_data(as_text=True)
    assert db.session.scalar(select(Household).where(Household.head_name == "김영희")) is None


def test_birth_date_must_agree_with_rrn(make, login):
    c = login(make.user())
    r = c.post("/households/new", data=form_data(rrn=valid_rrn("900101123456"), birth_date="1990-01-02"))
    assert r.status_code == 422
    assert 'id="birth_date-error"' in r.get_data(as_text=True)


def test_bad_check_digit_is_refused(make, login):
    c = login(make.user())
    r = c.post("/households/new", data=form_data(rrn="900101-1234567"))
    assert r.status_code == 422 and 'id="rrn-error"' in r.get_data(as_text=True)


def test_org_without_rrn_basis_sees_no_field_and_server_refuses(make, login):
    c = login(make.user(make.org(kind="private_agency", sector="private", rrn_allowed=False)))
    page = c.get("/households/new").get_data(as_text=True)
    assert 'name="rrn"' not in page
    r = c.post("/households/new", data=form_data(rrn=valid_rrn("900101123456")))
    assert r.status_code == 422
    assert db.session.scalar(select(Household).where(Household.head_name == "김영희")) is None


def test_new_form_shows_three_member_rows_and_dongs_of_dong_offices(make, login):
    make.org(kind="dong_office", dong="을지로동")
    make.org(kind="welfare_center", sector="private", dong="복지동")
    page = login(make.user()).get("/households/new").get_data(as_text=True)
    assert 'name="members-2-name"' in page and 'name="members-3-name"' not in page
    assert "을지로동" in page and "복지동" not in page
    assert 'hx-post="/households/duplicates"' in page


def test_invalid_form_with_htmx_returns_the_form_fragment(make, login):
    c = login(make.user())
    r = c.post("/households/new", data=form_data(head_name=""), headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and not is_full_page(html) and 'id="household-form"' in html


def test_htmx_save_redirects_with_hx_redirect(make, login):
    c = login(make.user())
    r = c.post("/households/new", data=form_data(), headers={"HX-Request": "true"})
    assert r.status_code == 204 and r.headers["HX-Redirect"].startswith("/households/")


def test_member_row_fragment_and_its_limit(make, login):
    c = login(make.user())
    r = c.get("/households/member-row?index=3", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert 'name="members-3-name"' in html and "index=4" in html and 'hx-swap-oob="true"' in html
    last = c.get("/households/member-row?index=7", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'name="members-7-name"' in last and "index=8" not in last
    assert c.get("/households/member-row?index=8", headers={"HX-Request": "true"}).status_code == 204
    plain = c.get("/households/member-row?index=3")
    assert plain.status_code == 302 and plain.headers["Location"].endswith("/households/new")


def test_members_beyond_eight_are_not_saved(make, login):
    c = login(make.user())
    extra = {}
    for i in range(10):
        extra.update({f"members-{i}-name": f"가구원{i}", f"members-{i}-relation": "child"})
    assert c.post("/households/new", data=form_data(**extra)).status_code == 302
    household = db.session.scalar(select(Household).where(Household.head_name == "김영희"))
    assert len(household.members) == 8


def test_household_numbers_stay_unique_when_the_next_one_is_taken(make, app):
    from caseweb import numbering
    from caseweb.households import services
    from caseweb.models import Household
    org = make.org()
    first = services.register_household(form_data(birth_date=date(1980, 1, 1)), [], None, org.id)
    # A concurrent request took the number this one would compute.
    other = make.household(org)
    taken = other.number = numbering.next_number(Household.number, "H")
    db.session.flush()
    second = services.register_household(form_data(birth_date=date(1980, 1, 1)), [], None, org.id)
    assert len({first.number, second.number, taken}) == 3


def _edit_data(household, **overrides):
    return form_data(head_name=household.head_name, birth_date=household.birth_date.isoformat(),
                     version=str(household.version), **overrides)


def test_edit_saves_and_bumps_the_version(make, login):
    org = make.org()
    household = make.household(org, head_name="박철수")
    c = login(make.user(org))
    page = c.get(f"/households/{household.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{household.version}"' in page
    r = c.post(f"/households/{household.id}/edit", data=_edit_data(household, address="새 주소 2"))
    assert r.status_code == 302
    db.session.refresh(household)
    assert household.address == "새 주소 2" and household.version == 2
    assert _logs("household_update")[0].household_id == household.id


def test_stale_edit_is_refused_with_409_not_overwritten(make, login):
    org = make.org()
    household = make.household(org, head_name="박철수", address="원래 주소")
    c = login(make.user(org))
    stale = _edit_data(household, address="내 변경")
    assert c.post(f"/households/{household.id}/edit",
                  data=_edit_data(household, address="동료의 변경")).status_code == 302
    r = c.post(f"/households/{household.id}/edit", data=stale)
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and 'role="alert"' in html
    assert "다른 사람" in html or "Someone else" in html
    db.session.refresh(household)
    assert household.address == "동료의 변경"
    r = c.post(f"/households/{household.id}/edit", data=stale, headers={"HX-Request": "true"})
    assert r.status_code == 409 and not is_full_page(r.get_data(as_text=True))


def test_edit_keeps_stored_rrn_when_left_empty(make, login):
    org = make.org()
    household = make.household(org, rrn=valid_rrn("851224223456"))
    c = login(make.user(org))
    assert c.post(f"/households/{household.id}/edit", data=_edit_data(household, gender="F")).status_code == 302
    db.session.refresh(household)
    assert household.rrn_masked == "851224-2******" and household.rrn_encrypted
