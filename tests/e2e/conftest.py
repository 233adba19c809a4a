"""Browser tests: the app on a real port, Debian's Chromium driven by Playwright.

`live_server` migrates a fresh SQLite database (as `make run` does) and loads
the demo district; `browser` is one Chromium per session; `page_for(user,
viewport)` logs in through the login form. Screenshots go to test-artifacts/.
Never run `playwright install`: the system Chromium is used.
"""
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from caseweb import create_app
from caseweb.config import ROOT
from caseweb.demo import load_demo
from caseweb.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
DEMO_PASSWORD = "caseweb-demo-2026"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _migrate(url: str, instance: str) -> None:
    """`flask db upgrade` in a subprocess: Alembic's logging set-up would mute this process's loggers."""
    env = dict(os.environ, CASEWEB_DATABASE_URL=url, CASEWEB_INSTANCE_PATH=instance,
               CASEWEB_RATELIMIT_ENABLED="0")
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def live_app(live_server):
    """The app behind live_server: `with live_app.app_context():` reads its database."""
    return live_server.app


class LiveURL(str):
    """The base URL, carrying the served app for tests that read the database."""


@pytest.fixture(scope="session")
def live_server():
    """The base URL of the app served from a background thread."""
    from werkzeug.serving import make_server

    instance = tempfile.mkdtemp(prefix="caseweb-e2e-")
    url = f"sqlite:///{Path(instance) / 'e2e.sqlite3'}"
    _migrate(url, instance)
    app = create_app({"INSTANCE_PATH": instance, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        load_demo(households=120)  # enough cases for every flow (conferences and field trial take some)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = LiveURL(f"http://127.0.0.1:{server.server_port}")
    url.app = app
    yield url
    server.shutdown()
    thread.join(10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM),
                                      args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture()
def new_page(browser):
    """A page in a fresh browser context (no cookies) with the given viewport."""
    contexts = []

    def _new_page(viewport=(1280, 800)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                      locale="ko-KR", timezone_id="Asia/Seoul")
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture()
def page_for(live_server, new_page):
    """page_for(username, viewport) -> a page logged in through the login form."""
    def _page_for(username, viewport=(1280, 800), password=DEMO_PASSWORD):
        page = new_page(viewport)
        page.goto(f"{live_server}/login")
        page.fill("#username", username)
        page.fill("#password", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/login" not in page.url, f"{username} could not log in"
        return page
    return _page_for


@pytest.fixture(scope="session")
def shot():
    """shot(page, name): a full-page screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return _shot
