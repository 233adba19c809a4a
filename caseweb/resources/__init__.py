"""자원: the shared resource directory, linkages from cases, resource news, HSDS exchange."""
import os

from flask import Blueprint

bp = Blueprint("resources", __name__, url_prefix="/resources")


@bp.record_once
def _defaults(state) -> None:
    # Entries not re-verified for this many months are flagged as stale.
    state.app.config.setdefault("RESOURCE_STALE_MONTHS", int(os.environ.get("CASEWEB_RESOURCE_STALE_MONTHS", 6)))


from . import case_views, exchange_views, news, stale, views  # noqa: E402,F401
