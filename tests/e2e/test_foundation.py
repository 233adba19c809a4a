"""A tablet worker and a desktop admin log in; pages fit the screen and pass axe."""
import pytest

pytestmark = pytest.mark.browser

TABLET = (768, 1024)
DESKTOP = (1280, 800)
SERIOUS = ("serious", "critical")


def _no_horizontal_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: page is {widths[0]}px wide in a {widths[1]}px window"


def _axe_clean(page):
    from axe_playwright_python.sync_playwright import Axe
    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"{v['impact']}: {v['id']} - {v['help']} ({len(v['nodes'])}x) e.g. {v['nodes'][0]['target']}"
        for v in bad)
    if bad:
        print(report)
    assert not bad, f"{page.url}: accessibility violations\n{report}"


def test_login_page_fits_and_passes_axe(live_server, new_page, shot):
    page = new_page(TABLET)
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "ko"
    shot(page, "login-768")
    _no_horizontal_scroll(page)
    _axe_clean(page)


def test_worker_on_a_tablet(page_for, shot):
    page = page_for("dong1", TABLET)
    assert page.get_by_role("heading", level=1).count() >= 1
    shot(page, "dashboard-dong1-768")
    _no_horizontal_scroll(page)
    _axe_clean(page)


def test_wrong_password_shows_a_message(live_server, new_page):
    page = new_page(TABLET)
    page.goto(f"{live_server}/login")
    page.fill("#username", "dong1")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    error = page.locator("#password-error")
    assert error.is_visible()
    assert page.locator("#password").get_attribute("aria-invalid") == "true"


def test_admin_on_a_desktop(live_server, page_for, shot):
    page = page_for("admin", DESKTOP)
    shot(page, "dashboard-admin-1280")
    _no_horizontal_scroll(page)
    _axe_clean(page)
    page.goto(f"{live_server}/admin/users")
    assert page.url.endswith("/admin/users")
    shot(page, "admin-users-1280")
    _no_horizontal_scroll(page)
    _axe_clean(page)


def test_admin_users_on_a_tablet(live_server, page_for, shot):
    page = page_for("admin", TABLET)
    page.goto(f"{live_server}/admin/users")
    shot(page, "admin-users-768")
    _no_horizontal_scroll(page)


def test_logout_returns_to_login(live_server, page_for):
    page = page_for("center1", TABLET)
    page.locator("form[action='/logout'] button").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/")
    assert "/login" in page.url
