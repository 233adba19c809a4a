"""Every admin page renders for an admin, and nothing else may reach it."""
import pytest

from caseweb.models import ListOption

from .. import routes
from ..conftest import is_full_page

ROLES = ("worker", "supervisor", "viewer")


@pytest.fixture()
def ids(make):
    org = make.org()
    zone = make.zone()
    user = make.user(org)
    from caseweb.extensions import db
    option = ListOption(list_name="closure_reason", label="목표달성", position=1)
    db.session.add(option)
    db.session.flush()
    return {"user_id": user.id, "org_id": org.id, "zone_id": zone.id, "option_id": option.id,
            "list_name": "closure_reason"}


def test_there_are_admin_routes(app):
    assert len(routes.rules(app, "/admin")) >= 10


@pytest.mark.parametrize("role", ROLES)
def test_non_admins_get_403_everywhere(app, make, login, ids, role):
    client = login(make.user(role=role))
    for rule in routes.rules(app, "/admin"):
        method = routes.methods(rule)[0]
        r = client.open(routes.urls(rule, ids)[0], method=method)
        assert r.status_code == 403, (rule.rule, method, r.status_code)


def test_anonymous_is_sent_to_login_everywhere(app, client, ids):
    for rule in routes.rules(app, "/admin"):
        method = routes.methods(rule)[0]
        r = client.open(routes.urls(rule, ids)[0], method=method)
        assert r.status_code == 302, (rule.rule, method)
        assert "/login" in r.headers["Location"]


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/new", "/admin/organizations",
                                  "/admin/organizations/new", "/admin/zones", "/admin/lists",
                                  "/admin/access-log"])
def test_admin_pages_render(admin_client, path):
    r = admin_client.get(path)
    assert r.status_code == 200
    assert is_full_page(r.get_data(as_text=True))


def test_admin_lands_on_user_list(admin_client):
    r = admin_client.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/users")


def test_user_edit_page_has_no_case_links(admin_client, make, ids):
    html = admin_client.get(f"/admin/users/{ids['user_id']}").get_data(as_text=True)
    assert "/cases" not in html and "/households" not in html
