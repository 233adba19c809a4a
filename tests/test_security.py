"""Deny by default, CSRF, security headers, cookies, error pages, template hygiene."""
import re
import tempfile
from pathlib import Path

import pytest

from caseweb import create_app
from caseweb.config import ROOT
from caseweb.extensions import db

from . import routes

PUBLIC = {"/login"}


def _protected_rules():
    app = create_app({"TESTING": True, "INSTANCE_PATH": tempfile.mkdtemp(prefix="caseweb-rules-"),
                      "RATELIMIT_ENABLED": False})
    return [pytest.param(routes.urls(rule)[0], routes.methods(rule)[0], id=f"{routes.methods(rule)[0]} {rule.rule}")
            for rule in routes.rules(app) if rule.rule not in PUBLIC]


PROTECTED = _protected_rules()


def test_the_app_has_protected_pages():
    assert len(PROTECTED) >= 5


@pytest.mark.parametrize("url, method", PROTECTED)
def test_anonymous_is_sent_to_login(client, url, method):
    r = client.open(url, method=method)
    assert r.status_code == 302, (url, r.status_code)
    assert r.headers["Location"].startswith("/login"), r.headers["Location"]


@pytest.mark.parametrize("url, method", PROTECTED)
def test_anonymous_htmx_gets_401_with_hx_redirect(client, url, method):
    r = client.open(url, method=method, headers={"HX-Request": "true"})
    assert r.status_code == 401, (url, r.status_code)
    assert r.headers["HX-Redirect"].startswith("/login")


def test_login_page_is_public(client):
    assert client.get("/login").status_code == 200


def test_post_without_csrf_token_is_refused(client, make, auth):
    make.user(username="csrf-user")
    assert auth.login("csrf-user").status_code == 302
    r = client.post("/logout", csrf=False)
    assert r.status_code == 400
    assert client.get("/").status_code == 200  # still logged in: the logout did not happen


def test_post_with_csrf_header_is_accepted(client, make, auth):
    make.user(username="csrf-user2")
    auth.login("csrf-user2")
    r = client.post("/logout", headers={"X-CSRFToken": client.csrf_token()}, csrf=False)
    assert r.status_code == 302
    assert client.get("/").status_code == 302  # logged out


def test_login_post_without_csrf_token_is_refused(client, make):
    make.user(username="csrf-user3")
    r = client.post("/login", data={"username": "csrf-user3", "password": "x" * 20}, csrf=False)
    assert r.status_code == 400


def _assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, "no CSP"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy")


def test_headers_on_login_page(client):
    _assert_security_headers(client.get("/login"))


def test_headers_on_dashboard_and_no_store(client, make, auth):
    make.user(username="hdr-user")
    auth.login("hdr-user")
    r = client.get("/")
    assert r.status_code == 200
    _assert_security_headers(r)
    assert "no-store" in r.headers.get("Cache-Control", "")


def test_headers_on_404(client, make, auth):
    make.user(username="hdr-user2")
    auth.login("hdr-user2")
    r = client.get("/no-such-page")
    assert r.status_code == 404
    _assert_security_headers(r)
    assert "no-store" in r.headers.get("Cache-Control", "")


def test_headers_on_static_file(client):
    r = client.get("/static/css/app.css")
    assert r.status_code == 200
    _assert_security_headers(r)
    r.close()


def test_session_cookie_is_httponly_and_lax(client, make, auth):
    make.user(username="cookie-user")
    r = auth.login("cookie-user")
    cookie = next(h for h in r.headers.getlist("Set-Cookie") if h.startswith("caseweb_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development runs on plain http


def test_session_cookie_is_secure_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("CASEWEB_ENV", "production")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}"})
    r = app.test_client().get("/login")  # the form's CSRF token starts a session
    cookie = next(h for h in r.headers.getlist("Set-Cookie") if h.startswith("caseweb_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "max-age" in r.headers.get("Strict-Transport-Security", "")


def test_500_page_shows_no_traceback(tmp_path):
    app = create_app({"TESTING": True, "SHOW_ERROR_PAGES": True, "INSTANCE_PATH": str(tmp_path),
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'err.sqlite3'}"})

    @app.route("/boom")
    def boom():
        """Fail on purpose."""
        raise RuntimeError("secret-internal-detail in caseweb/boom.py")

    from tests.factories import DEMO_PASSWORD, Factory
    with app.app_context():
        db.create_all()
        Factory().user(username="boom-user")
        db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"username": "boom-user", "password": DEMO_PASSWORD}).status_code == 302
    r = client.get("/boom")
    body = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "Traceback" not in body and "secret-internal-detail" not in body and "boom.py" not in body
    assert "<html" in body  # a real page in the site's layout
    _assert_security_headers(r)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_template_has_no_inline_script_style_or_safe(path: Path):
    text = path.read_text("utf-8")
    for body in INLINE_SCRIPT.findall(text):
        assert not body.strip(), f"inline <script> body in {path.name}"
    assert not re.search(r"\sstyle\s*=", text), f"style= attribute in {path.name}"
    assert not re.search(r"<style\b", text, re.I), f"<style> element in {path.name}"
    assert not re.search(r"\|\s*safe\b", text), f"|safe in {path.name}"
    assert not re.search(r"\shx-on[:-]", text), f"hx-on (needs eval) in {path.name}"
