"""A one-time password opens only the password form: pages redirect there, htmx requests get
401 with HX-Redirect (never a page to swap into a badge), and the form's page polls nothing."""
import pytest

from .conftest import is_full_page
from .factories import DEMO_PASSWORD

HX = {"HX-Request": "true"}


@pytest.fixture()
def newcomer(make):
    return make.user(make.org(), "worker", must_change_password=True)


@pytest.mark.parametrize("path", ["/referrals/badge", "/notifications/bell", "/cases/", "/"])
def test_htmx_requests_get_401_with_hx_redirect(login, newcomer, path):
    r = login(newcomer).get(path, headers=HX)
    assert r.status_code == 401
    assert r.headers["HX-Redirect"] == "/account/password"
    assert not is_full_page(r.get_data(as_text=True))


def test_pages_redirect_to_the_password_form(login, newcomer):
    r = login(newcomer).get("/cases/")
    assert r.status_code == 302 and r.headers["Location"] == "/account/password"


def test_password_page_polls_nothing_until_the_password_is_changed(login, newcomer):
    c = login(newcomer)
    page = c.get("/account/password").get_data(as_text=True)
    assert "hx-get" not in page and "hx-trigger" not in page
    new = "a-long-new-sentence-password"
    r = c.post("/account/password", data={"current": DEMO_PASSWORD, "new": new, "confirm": new})
    assert r.status_code == 302, r.get_data(as_text=True)[-3000:]
    assert r.headers["Location"] == "/"
    dashboard = c.get("/").get_data(as_text=True)
    assert "/referrals/badge" in dashboard and "notification-bell" in dashboard
