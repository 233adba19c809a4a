"""Issue 9's smaller items: least-privilege default role, the active-cases tile matches its list,
autofocus on login and search."""
import re

from caseweb.extensions import db


def test_new_account_form_defaults_to_viewer(login, make):
    admin = make.user(make.org(), "admin")
    page = login(admin).get("/admin/users/new").get_data(as_text=True)
    assert re.search(r'<option selected value="viewer">|<option value="viewer" selected>', page), page[:200]


def test_my_active_cases_tile_count_matches_its_list(login, make):
    org = make.org()
    worker = make.user(org, "worker")
    for status in ("intake", "service", "closed", "follow_up"):
        make.case(org, manager=worker, status=status)
    c = login(worker)
    dashboard = c.get("/").get_data(as_text=True)
    tile = re.search(r'<a class="tile[^"]*" href="([^"]+)">\s*<span class="tile-count">(\d+)</span>\s*'
                     r'<span class="tile-title">진행 중인 내 사례', dashboard)
    assert tile, dashboard
    url, count = tile.group(1).replace("&amp;", "&"), int(tile.group(2))
    listing = c.get(url).get_data(as_text=True)
    assert count == 2 and "2건" in listing, re.findall(r"\d+건", listing)


def test_login_and_search_have_autofocus(client, login, make):
    assert "autofocus" in client.get("/login").get_data(as_text=True)
    c = login(make.user(make.org(), "worker"))
    for path in ("/cases/", "/households/"):
        assert re.search(r'<input type="search" id="q" name="q" autofocus', c.get(path).get_data(as_text=True))
