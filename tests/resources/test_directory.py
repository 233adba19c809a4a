"""Directory pages: everyone reads, owners and district admins edit, every edit is recorded."""
import pytest
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import Resource, ResourceEdit

from ..conftest import is_full_page
from .helpers import make_resource

FORM = {"name": "치과 진료 지원", "provider_name": "해솔복지재단", "provider_sector": "private",
        "domain": "health", "subdomain": "health_physical", "status": "active", "capacity_kind": "slots",
        "quantity": "10", "remaining": "10", "unit": "명", "min_age": "", "max_age": "18",
        "target_groups": ["child", "low_income"]}


def test_every_logged_in_role_reads_the_directory(make, login):
    org = make.org()
    r = make_resource(org, "주택임대보조금")
    for role in ("viewer", "worker", "admin"):
        c = login(make.user(make.org(), role=role))
        page = c.get("/resources/?q=임대")
        assert page.status_code == 200 and "주택임대보조금" in page.get_data(as_text=True)
        assert c.get(f"/resources/{r.id}").status_code == 200


def test_login_is_required(client, make):
    r = make_resource(make.org())
    for path in ("/resources/", f"/resources/{r.id}", "/resources/new", f"/resources/{r.id}/edit"):
        assert client.get(path).status_code in (302, 401)


def test_search_is_bookmarkable_and_htmx_gets_only_the_results(make, login):
    org = make.org()
    make_resource(org, "주택임대보조금")
    c = login(make.user(org))
    full = c.get("/resources/?q=임대&domain=environment&page=1")
    html = full.get_data(as_text=True)
    assert is_full_page(html) and 'value="임대"' in html and 'value="environment" selected' in html
    frag = c.get("/resources/?q=임대", headers={"HX-Request": "true"})
    assert not is_full_page(frag.get_data(as_text=True)) and "주택임대보조금" in frag.get_data(as_text=True)
    assert "HX-Request" in frag.headers["Vary"]


def test_a_worker_adds_an_entry_owned_by_their_organisation(make, login):
    org = make.org()
    c = login(make.user(org))
    r = c.post("/resources/new", data=FORM)
    assert r.status_code == 302
    res = db.session.scalar(select(Resource).where(Resource.name == "치과 진료 지원"))
    assert res.owner_org_id == org.id and res.remaining == 10 and res.provider.name == "해솔복지재단"
    assert res.provider.org_id is None  # an outside provider, no accounts
    assert res.assured_at is not None
    assert [e.action for e in db.session.scalars(select(ResourceEdit).where(ResourceEdit.resource_id == res.id))] == [
        "created"]


def test_bad_input_comes_back_in_korean_with_what_was_typed(make, login):
    c = login(make.user(make.org()))
    bad = dict(FORM, min_age="30", max_age="10", remaining="", name="내가 쓴 이름")
    r = c.post("/resources/new", data=bad)
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "최대 나이가 최소 나이보다 작습니다" in html and "남은 수량을 입력하세요" in html
    assert 'value="내가 쓴 이름"' in html


def test_edit_is_recorded_with_what_changed(make, login):
    org = make.org()
    user = make.user(org)
    r = make_resource(org, "라면 나눔", remaining=800, quantity=800, unit="봉")
    c = login(user)
    assert c.get(f"/resources/{r.id}/edit").status_code == 200
    data = dict(FORM, name="라면 나눔", provider_name=org.name, domain="economy", subdomain="",
                capacity_kind="stock", quantity="800", remaining="750", unit="봉", max_age="")
    assert c.post(f"/resources/{r.id}/edit", data=data).status_code == 302
    edit = db.session.scalars(select(ResourceEdit).where(ResourceEdit.resource_id == r.id)).all()[-1]
    assert edit.action == "edited" and edit.user_id == user.id
    assert edit.changes["remaining"] == [800, 750]
    page = c.get(f"/resources/{r.id}").get_data(as_text=True)
    assert "800 → 750" in page


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_organisation_cannot_edit(make, login, method):
    owner, other = make.org(), make.org()
    r = make_resource(owner, "주택임대보조금", remaining=5)
    c = login(make.user(other, role="supervisor"))
    for path in (f"/resources/{r.id}/edit", f"/resources/{r.id}/assure"):
        if method == "GET" and path.endswith("assure"):
            assert c.get(path).status_code == 405
            continue
        resp = c.open(path, method=method, data=dict(FORM, name="위조"))
        assert resp.status_code == 403
    db.session.refresh(r)
    assert r.name == "주택임대보조금" and r.remaining == 5
    assert c.get(f"/resources/{r.id}").get_data(as_text=True).count("/edit") == 0
    assert c.get("/resources/999999/edit").status_code == 404


def test_viewer_cannot_add_or_edit_even_their_own(make, login):
    org = make.org()
    r = make_resource(org)
    c = login(make.user(org, role="viewer"))
    assert c.get("/resources/new").status_code == 403
    assert c.post(f"/resources/{r.id}/edit", data=FORM).status_code == 403


def test_a_district_admin_edits_every_entry(make, login):
    r = make_resource(make.org(), "주택임대보조금")
    admin = make.user(make.org(kind="district"), role="admin")
    c = login(admin)
    data = dict(FORM, name="주택임대보조금(개정)", provider_name=r.provider.name, domain="environment",
                subdomain="env_housing", capacity_kind="none", remaining="", quantity="", max_age="")
    assert c.post(f"/resources/{r.id}/edit", data=data).status_code == 302
    db.session.refresh(r)
    assert r.name == "주택임대보조금(개정)"


def test_owner_confirms_an_entry_and_the_stale_flag_goes(make, login):
    from datetime import datetime, timezone
    org = make.org()
    r = make_resource(org, "오래된 자원", assured_at=datetime(2020, 1, 1, tzinfo=timezone.utc))
    c = login(make.user(org))
    assert "오랫동안 다시 확인되지 않았습니다" in c.get(f"/resources/{r.id}").get_data(as_text=True)
    listed = c.get(f"/resources/?owner={org.id}&stale=1").get_data(as_text=True)
    assert "오래된 자원" in listed
    assert c.post(f"/resources/{r.id}/assure").status_code == 302
    assert "오래된 자원" not in c.get(f"/resources/?owner={org.id}&stale=1").get_data(as_text=True)


def test_forged_post_without_csrf_is_refused(make, login):
    org = make.org()
    r = make_resource(org)
    c = login(make.user(org))
    assert c.post(f"/resources/{r.id}/assure", csrf=False).status_code == 400


def test_the_edit_button_shows_exactly_when_editing_is_allowed(make, login):
    owner = make.org()
    entry = make_resource(owner, "주택임대보조금")
    for user in (make.user(owner), make.user(owner, role="supervisor"), make.user(owner, role="viewer"),
                 make.user(make.org()), make.user(make.org(), role="admin")):
        c = login(user)
        shown = f"/resources/{entry.id}/edit" in c.get(f"/resources/{entry.id}").get_data(as_text=True)
        allowed = c.get(f"/resources/{entry.id}/edit").status_code == 200
        assert shown == allowed, (user.role, user.org_id == owner.id)
