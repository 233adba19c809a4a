"""Accounts: create with a one-time password, edit, roles, (de)activation, unlock, reset."""
import re
from datetime import timedelta

from sqlalchemy import select

from caseweb.admin.passwords import generate_password
from caseweb.extensions import db
from caseweb.models import AccessLog, RoleChange, User
from caseweb.security import password_problems
from caseweb.timeutil import utcnow

from ..conftest import AuthActions, is_full_page


def _one_time_password(html: str) -> str:
    match = re.search(r'id="one-time-password">([^<]+)<', html)
    assert match, html[:2000]
    return match.group(1)


def _logs(action):
    return list(db.session.scalars(select(AccessLog).where(AccessLog.action == action)))


def test_generated_passwords_are_long_random_and_pass_the_policy():
    seen = {generate_password("kim") for _ in range(20)}
    assert len(seen) == 20
    for pw in seen:
        assert len(pw) >= 14 and not password_problems(pw, "kim")


def test_created_user_must_change_one_time_password_then_reaches_dashboard(app, make, admin_client):
    org = make.org(name="행복동 행정복지센터")
    r = admin_client.post("/admin/users/new", data={
        "username": "newbie", "name": "김새봄", "org_id": org.id, "role": "worker",
        "email": "spring@example.kr", "phone": "02-123-4567"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    password = _one_time_password(html)
    user = db.session.scalar(select(User).where(User.username == "newbie"))
    assert user.must_change_password and user.org_id == org.id and user.role == "worker"
    assert password not in admin_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert _logs("admin_user_create")[0].target == f"user:{user.id}"

    client = app.test_client()
    r = AuthActions(client).login("newbie", password)
    assert r.status_code == 302
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/password")
    r = client.post("/account/password", data={
        "current": password, "new": "spring-rain-on-the-hill", "confirm": "spring-rain-on-the-hill"})
    assert r.status_code == 302
    r = client.get("/")
    assert r.status_code == 200 and "내 업무" in r.get_data(as_text=True)


def test_duplicate_username_is_refused_with_422(make, admin_client):
    other = make.user(username="taken")
    r = admin_client.post("/admin/users/new", data={
        "username": "taken", "name": "다른 사람", "org_id": other.org_id, "role": "worker"})
    assert r.status_code == 422
    assert "이미 사용 중" in r.get_data(as_text=True)


def test_invalid_create_via_htmx_returns_the_form_fragment(admin_client):
    r = admin_client.post("/admin/users/new", data={"username": ""}, headers={"HX-Request": "true"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="user-form"' in html and not is_full_page(html)


def test_role_change_is_recorded_and_shown(make, admin, admin_client):
    user = make.user(role="worker")
    r = admin_client.post(f"/admin/users/{user.id}", data={
        "name": user.name, "org_id": user.org_id, "role": "supervisor", "email": "", "phone": ""})
    assert r.status_code == 302
    change = db.session.scalar(select(RoleChange).where(RoleChange.user_id == user.id))
    assert (change.old_role, change.new_role, change.changed_by_id) == ("worker", "supervisor", admin.id)
    assert user.role == "supervisor"
    assert _logs("admin_user_role_change")
    html = admin_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "역할 변경 이력" in html and "관리자" in html


def test_edit_without_role_change_writes_no_role_history(make, admin_client):
    user = make.user(role="worker")
    r = admin_client.post(f"/admin/users/{user.id}", data={
        "name": "이름바꿈", "org_id": user.org_id, "role": "worker", "email": "", "phone": "010-1234-5678"})
    assert r.status_code == 302
    assert user.name == "이름바꿈" and user.phone == "010-1234-5678"
    assert db.session.scalar(select(RoleChange).where(RoleChange.user_id == user.id)) is None


def test_invalid_edit_via_htmx_returns_422_fragment(make, admin_client):
    user = make.user()
    r = admin_client.post(f"/admin/users/{user.id}", data={"name": "", "org_id": user.org_id, "role": "worker"},
                          headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert 'id="user-form"' in r.get_data(as_text=True) and not is_full_page(r.get_data(as_text=True))


def test_valid_edit_via_htmx_redirects_with_hx_redirect(make, admin_client):
    user = make.user()
    r = admin_client.post(f"/admin/users/{user.id}", data={"name": "새이름", "org_id": user.org_id, "role": "worker"},
                          headers={"HX-Request": "true"})
    assert r.status_code == 204 and r.headers["HX-Redirect"].endswith(f"/admin/users/{user.id}")


def test_admin_cannot_demote_self(admin, admin_client):
    r = admin_client.post(f"/admin/users/{admin.id}", data={
        "name": admin.name, "org_id": admin.org_id, "role": "worker"})
    assert r.status_code == 422
    assert "자신의 역할" in r.get_data(as_text=True)
    assert admin.role == "admin"


def test_admin_cannot_deactivate_self(admin, admin_client):
    r = admin_client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "자신의 계정" in r.get_data(as_text=True)
    assert admin.active


def test_deactivation_ends_the_users_existing_session(make, login, admin_client):
    user = make.user()
    their_client = login(user)
    assert their_client.get("/").status_code == 200
    r = admin_client.post(f"/admin/users/{user.id}/deactivate")
    assert r.status_code == 302
    assert not user.active
    r = their_client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert AuthActions(their_client).login(user.username).status_code == 422  # cannot log back in
    r = admin_client.post(f"/admin/users/{user.id}/reactivate")
    assert user.active
    assert login(user).get("/").status_code == 200


def test_unlock_lets_a_locked_user_log_in(app, make, admin_client):
    user = make.user(failed_logins=5, locked_until=utcnow() + timedelta(minutes=30))
    client = app.test_client()
    assert AuthActions(client).login(user.username).status_code == 422
    html = admin_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "잠금 해제" in html
    assert admin_client.post(f"/admin/users/{user.id}/unlock").status_code == 302
    assert user.failed_logins == 0 and user.locked_until is None
    assert AuthActions(client).login(user.username).status_code == 302
    assert _logs("admin_user_unlock")[0].target == f"user:{user.id}"


def test_reset_password_gives_new_one_time_password_and_ends_sessions(app, make, login, admin_client):
    user = make.user()
    their_client = login(user)
    r = admin_client.post(f"/admin/users/{user.id}/reset-password")
    assert r.status_code == 200
    password = _one_time_password(r.get_data(as_text=True))
    assert user.must_change_password
    assert their_client.get("/").status_code == 302
    fresh = app.test_client()
    assert AuthActions(fresh).login(user.username).status_code == 422  # the old password is gone
    assert AuthActions(fresh).login(user.username, password).status_code == 302
    assert fresh.get("/").headers["Location"].endswith("/account/password")


def test_action_without_csrf_is_refused(make, admin_client):
    user = make.user()
    r = admin_client.post(f"/admin/users/{user.id}/deactivate", csrf=False)
    assert r.status_code == 400
    assert user.active
