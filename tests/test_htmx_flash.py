"""An htmx answer carries its own flash message out of band; it is not left for the next page."""
import re

import pytest

from caseweb.extensions import db
from caseweb.timeutil import seoul_today

HX = {"HX-Request": "true"}
REVOKED = "동의를 철회했습니다."


@pytest.fixture()
def setup(make):
    org = make.org()
    worker = make.user(org)
    household = make.household(org, head_name="한가람")
    make.case(org, household)
    consent = make.consent(household, [make.org()])
    db.session.commit()
    return worker, household, consent


def test_htmx_flash_shows_once_on_the_current_page(login, setup):
    worker, household, consent = setup
    c = login(worker)
    r = c.post(f"/consents/{consent.id}/revoke", data={"reason": "본인 요청"}, headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and '<div id="flash" hx-swap-oob="true">' in html
    assert html.count(REVOKED) == 1
    page = c.get(f"/households/{household.id}").get_data(as_text=True)
    assert REVOKED not in page  # not again on the next page


def test_a_redirect_keeps_its_flash_for_the_page_it_leads_to(login, setup):
    worker, household, consent = setup
    c = login(worker)
    r = c.post(f"/consents/{consent.id}/revoke", data={"reason": "본인 요청"})
    assert r.status_code == 302
    assert REVOKED in c.get(r.headers["Location"]).get_data(as_text=True)
    assert REVOKED not in c.get(r.headers["Location"]).get_data(as_text=True)


def test_htmx_answer_takes_only_its_own_messages(login, setup):
    worker, household, consent = setup
    c = login(worker)
    opened = c.post(f"/cases/new?household_id={household.id}",
                    data={"programme": "integrated", "found_on": seoul_today().isoformat()})
    assert opened.status_code == 302  # its message waits for the case page
    html = c.post(f"/consents/{consent.id}/revoke", data={"reason": "본인 요청"}, headers=HX).get_data(as_text=True)
    assert REVOKED in html and "등록했습니다" not in html
    page = c.get(opened.headers["Location"]).get_data(as_text=True)
    assert REVOKED not in page and re.search(r"사례 C-\d{4}-\d{6}을 등록했습니다.", page)
