"""Households found by phone (whole number or the last four digits) and by address, only among the
organisation's own, each one found logged; the search box is focused on arrival."""
import re

import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog


@pytest.fixture()
def district(make):
    org = make.org()
    make.household(org, head_name="김영희", phone="010-2345-6789", phone_digits="01023456789",
                   address="한빛구 한빛로 12, 101동 202호", dong="한빛1동")
    make.household(org, head_name="박철수", phone="02-555-0000", phone_digits="025550000",
                   address="한빛구 새솔길 7", dong="한빛2동")
    # The same phone and street in another organisation's household stays hidden.
    make.household(make.org(), head_name="이숨김", phone="010-2345-6789", phone_digits="01023456789",
                   address="한빛구 한빛로 12, 303호")
    return org


@pytest.mark.parametrize("q", ["010-2345-6789", "01023456789", "6789", "2345-6789", "한빛로 12", "한빛로", "한빛1동"])
def test_search_by_phone_or_address(make, login, district, q):
    html = login(make.user(district)).get("/households/", query_string={"q": q}).get_data(as_text=True)
    assert "김영희</a>" in html and "박철수" not in html and "이숨김" not in html


def test_each_household_found_by_phone_is_logged(make, login, district):
    user = make.user(district)
    login(user).get("/households/", query_string={"q": "6789"})
    rows = db.session.execute(select(AccessLog.household_id, AccessLog.target).where(
        AccessLog.user_id == user.id, AccessLog.action == "household_search")).all()
    assert len(rows) == 1 and rows[0].target == "search:phone"


def test_short_digits_still_mean_a_household_number(make, login, district):
    html = login(make.user(district)).get("/households/", query_string={"q": "555"}).get_data(as_text=True)
    assert "박철수" not in html  # three digits: a number's end, not a phone fragment


def test_search_and_login_boxes_are_focused(make, login, client):
    username = re.search(r'<input[^>]*id="username"[^>]*>', client.get("/login").get_data(as_text=True)).group(0)
    assert 'id="username"' in username and "autofocus" in username
    html = login(make.user(make.org())).get("/households/").get_data(as_text=True)
    assert 'id="q" name="q" autofocus' in html
