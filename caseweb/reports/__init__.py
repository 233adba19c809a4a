from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import cli, review_views, views  # noqa: E402,F401
