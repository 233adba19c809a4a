"""The main navigation: only what the current role may use."""
from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .models.user import CASE_ROLES
# (endpoint, label, roles, badge endpoint for an htmx-refreshed count or None, group)
# "main" entries are always in the bar; "more" entries sit under 더보기, so the bar is one line at 1280 px.
NAV = [
    ("dashboard.index", _l("My work"), CASE_ROLES, None, "main"),
    ("dashboard.today", _l("Today's visits"), ("supervisor", "worker"), None, "main"),
    ("dashboard.team", _l("Team board"), ("supervisor",), None, "main"),
    ("cases.index", _l("Cases"), CASE_ROLES, None, "main"),
    ("households.index", _l("Households"), CASE_ROLES, None, "main"),
    ("referrals.index", _l("Referrals"), CASE_ROLES, "referrals.badge", "main"),
    ("conferences.index", _l("Conferences"), CASE_ROLES, None, "main"),
    ("resources.index", _l("Resources"), CASE_ROLES + ("admin",), None, "more"),
    ("screening.index", _l("Discovery"), CASE_ROLES, None, "more"),
    ("reports.index", _l("Reports"), ("supervisor", "admin"), None, "more"),
    ("admin.users", _l("Users"), ("admin",), None, "main"),
    ("admin.organizations", _l("Organisations"), ("admin",), None, "main"),
    ("admin.zones", _l("Zones"), ("admin",), None, "main"),
    ("admin.access_log", _l("Access log"), ("admin",), None, "main"),
]


def nav_items() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, label, roles, badge, group in NAV:
        if not current_user.has_role(*roles):
            continue
        url = url_for(endpoint)
        prefix = url.rstrip("/") or "/"
        active = request.path == url or (prefix != "/" and request.path.startswith(prefix + "/"))
        items.append({
            "url": url, "label": label, "active": active, "more": group == "more",
            "badge_url": url_for(badge) if badge else None,
        })
    return items


def init_app(app) -> None:
    app.context_processor(lambda: {"nav_items": nav_items})
