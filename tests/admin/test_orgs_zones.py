"""Organisations and zones."""
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog, Organization, Zone

from ..conftest import is_full_page


def test_create_and_edit_organisation(make, admin_client):
    zone = make.zone(name="동부권역")
    r = admin_client.post("/admin/organizations/new", data={
        "name": "푸른나무 종합사회복지관", "kind": "welfare_center", "sector": "private",
        "programme": "welfare_center", "zone_id": str(zone.id), "dong": "청운동", "phone": "02-555-1234",
        "address": "서울시 가상구 청운로 1"})
    assert r.status_code == 302
    org = db.session.scalar(select(Organization).where(Organization.name == "푸른나무 종합사회복지관"))
    assert org.zone_id == zone.id and org.rrn_allowed is False and org.active
    html = admin_client.get("/admin/organizations").get_data(as_text=True)
    assert "푸른나무 종합사회복지관" in html and "종합사회복지관" in html

    r = admin_client.post(f"/admin/organizations/{org.id}", data={
        "name": org.name, "kind": "welfare_center", "sector": "private", "programme": "",
        "zone_id": "", "rrn_allowed": "y"})
    assert r.status_code == 302
    assert org.rrn_allowed and org.zone_id is None and org.programme is None
    actions = set(db.session.scalars(select(AccessLog.action).where(AccessLog.target == f"org:{org.id}")))
    assert actions == {"admin_org_create", "admin_org_update"}


def test_org_form_shows_rrn_checkbox_label(admin_client):
    html = admin_client.get("/admin/organizations/new").get_data(as_text=True)
    assert "주민등록번호" in html and 'type="checkbox"' in html


def test_duplicate_org_name_is_refused(make, admin_client):
    make.org(name="중복기관")
    r = admin_client.post("/admin/organizations/new", data={"name": "중복기관", "kind": "council",
                                                             "sector": "private", "zone_id": ""})
    assert r.status_code == 422


def test_invalid_org_form_via_htmx_is_a_fragment(admin_client):
    r = admin_client.post("/admin/organizations/new", data={"name": ""}, headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert 'id="org-form"' in r.get_data(as_text=True) and not is_full_page(r.get_data(as_text=True))


def test_deactivate_and_reactivate_org(make, admin_client):
    org = make.org(name="사라질기관")
    assert admin_client.post(f"/admin/organizations/{org.id}/active", data={"active": "0"}).status_code == 302
    assert not org.active
    html = admin_client.get("/admin/organizations?active=0").get_data(as_text=True)
    assert "사라질기관" in html
    # An inactive organisation is no longer offered for new accounts.
    assert "사라질기관" not in admin_client.get("/admin/users/new").get_data(as_text=True)
    admin_client.post(f"/admin/organizations/{org.id}/active", data={"active": "1"})
    assert org.active


def test_org_list_htmx_fragment(make, admin_client):
    make.org(name="검색될기관")
    r = admin_client.get("/admin/organizations?q=검색될", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert not is_full_page(html) and 'id="org-list"' in html and "검색될기관" in html


def test_zones_list_counts_create_and_rename(make, admin_client):
    zone = make.zone(name="서부권역")
    make.org(zone=zone)
    make.org(zone=zone)
    html = admin_client.get("/admin/zones").get_data(as_text=True)
    assert "서부권역" in html and '<td class="num">2</td>' in html

    assert admin_client.post("/admin/zones", data={"new-name": "북부권역"}).status_code == 302
    assert db.session.scalar(select(Zone).where(Zone.name == "북부권역"))
    assert admin_client.post("/admin/zones", data={"new-name": "서부권역"}).status_code == 422

    r = admin_client.post(f"/admin/zones/{zone.id}", data={f"zone-{zone.id}-name": "서남권역"})
    assert r.status_code == 302 and zone.name == "서남권역"
    assert db.session.scalar(select(AccessLog).where(AccessLog.action == "admin_zone_rename"))


def test_org_edit_without_the_rrn_checkbox_keeps_rrn_allowed(make, admin_client):
    org = make.org(name="주민번호 허용기관", rrn_allowed=True)
    base = {"name": org.name, "kind": "dong_office", "sector": "public", "programme": "", "zone_id": ""}
    # A form that never showed the checkbox (an old page, a script, a trimmed form) changes nothing.
    assert admin_client.post(f"/admin/organizations/{org.id}", data=base).status_code == 302
    db.session.expire_all()
    assert org.rrn_allowed is True
    # The real form always says that the checkbox was there, so unticking it switches the basis off.
    html = admin_client.get(f"/admin/organizations/{org.id}").get_data(as_text=True)
    assert 'name="rrn_allowed_shown"' in html
    admin_client.post(f"/admin/organizations/{org.id}", data={**base, "rrn_allowed_shown": "1"})
    db.session.expire_all()
    assert org.rrn_allowed is False
