from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from . import views, views_field  # noqa: E402,F401
