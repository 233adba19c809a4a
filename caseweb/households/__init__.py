from flask import Blueprint

bp = Blueprint("households", __name__, url_prefix="/households")

from . import edit_views, views  # noqa: E402,F401
