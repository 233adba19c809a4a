"""Managed lists: closure and decline reasons."""
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import AccessLog, ListOption


def _options(name):
    return list(db.session.scalars(select(ListOption).where(ListOption.list_name == name)
                                   .order_by(ListOption.position)))


def test_add_rename_reorder_and_deactivate_options(admin_client):
    for label in ("목표달성", "거부", "전출"):
        r = admin_client.post("/admin/lists/closure_reason", data={"add-closure_reason-label": label})
        assert r.status_code == 302
    assert [o.label for o in _options("closure_reason")] == ["목표달성", "거부", "전출"]
    assert _options("decline_reason") == []

    moved = _options("closure_reason")[2]
    r = admin_client.post(f"/admin/lists/options/{moved.id}", data={
        f"opt-{moved.id}-label": "타 지역 전출", f"opt-{moved.id}-position": "0"})
    assert r.status_code == 302
    assert [o.label for o in _options("closure_reason")] == ["타 지역 전출", "목표달성", "거부"]

    r = admin_client.post(f"/admin/lists/options/{moved.id}/active", data={"active": "0"})
    assert r.status_code == 302 and not moved.active
    html = admin_client.get("/admin/lists").get_data(as_text=True)
    assert "타 지역 전출" in html and "종결 사유" in html and "비활성" in html

    actions = set(db.session.scalars(select(AccessLog.action).where(AccessLog.target == f"list_option:{moved.id}")))
    assert actions == {"admin_list_option_create", "admin_list_option_update", "admin_list_option_deactivate"}


def test_duplicate_option_in_the_same_list_is_refused(admin_client):
    admin_client.post("/admin/lists/decline_reason", data={"add-decline_reason-label": "본인 거부"})
    r = admin_client.post("/admin/lists/decline_reason", data={"add-decline_reason-label": "본인 거부"})
    assert r.status_code == 422
    assert "이미 목록에" in r.get_data(as_text=True)
    # The same label in another list is fine.
    assert admin_client.post("/admin/lists/closure_reason",
                             data={"add-closure_reason-label": "본인 거부"}).status_code == 302


def test_unknown_list_is_404(admin_client):
    assert admin_client.post("/admin/lists/favourite_colours", data={}).status_code == 404
