"""The user list: filters, pages and the htmx active search."""
from ..conftest import is_full_page


def test_filters_by_name_org_role_and_status(make, admin_client):
    org_a, org_b = make.org(name="가람복지관"), make.org(name="나래동 행정복지센터")
    make.user(org_a, name="박민지", username="minji")
    make.user(org_b, name="최영호", username="youngho", role="supervisor")
    make.user(org_b, name="한가을", username="gaeul", active=False)

    html = admin_client.get("/admin/users?q=민지").get_data(as_text=True)
    assert "박민지" in html and "최영호" not in html
    html = admin_client.get("/admin/users?q=youngho").get_data(as_text=True)
    assert "최영호" in html and "박민지" not in html
    html = admin_client.get(f"/admin/users?org={org_b.id}").get_data(as_text=True)
    assert "최영호" in html and "한가을" in html and "박민지" not in html
    html = admin_client.get("/admin/users?role=supervisor").get_data(as_text=True)
    assert "최영호" in html and "박민지" not in html
    html = admin_client.get("/admin/users?active=0").get_data(as_text=True)
    assert "한가을" in html and "최영호" not in html


def test_active_search_returns_only_the_list_for_htmx(make, admin_client):
    make.user(name="박민지")
    r = admin_client.get("/admin/users?q=민지", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html)
    assert html.lstrip().startswith('<div id="user-list">') and "박민지" in html
    assert "HX-Request" in r.headers["Vary"]


def test_without_htmx_the_search_is_a_full_page_with_the_search_form(make, admin_client):
    make.user(name="박민지")
    html = admin_client.get("/admin/users?q=민지").get_data(as_text=True)
    assert is_full_page(html) and 'hx-trigger="input changed delay:300ms, search' in html
    assert 'value="민지"' in html


def test_pages_keep_the_filters(make, admin_client):
    org = make.org()
    for i in range(30):
        make.user(org, name=f"직원가{i:02d}")
    html = admin_client.get(f"/admin/users?org={org.id}").get_data(as_text=True)
    assert f"org={org.id}" in html and "page=2" in html
    page2 = admin_client.get(f"/admin/users?org={org.id}&page=2").get_data(as_text=True)
    assert "직원가29" in page2 and "직원가00" not in page2
