"""동의: record, revoke and show a household's consents; the signed form's scan."""
from flask import Blueprint

bp = Blueprint("consents", __name__, url_prefix="/consents")

from . import views  # noqa: E402,F401
