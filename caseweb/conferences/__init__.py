"""통합사례회의: conferences, their agenda and minutes, decisions that take effect, action items."""
from flask import Blueprint

bp = Blueprint("conferences", __name__, url_prefix="/conferences")

from . import tasks, views, views_minutes, views_outputs  # noqa: E402,F401
