from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")

from . import views_closure, views_detail, views_list, views_records  # noqa: E402,F401
