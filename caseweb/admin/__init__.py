"""Admin area: accounts, organisations, zones, managed lists and the access log."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import access_log_views, list_views, org_views, user_views  # noqa: E402,F401
