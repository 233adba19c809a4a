"""Dashboard tiles: new referrals, awaiting my answer, overdue answers."""
from flask import url_for
from flask_babel import lazy_gettext as _l

from ..dashboard.services import tile_provider
from . import queries


@tile_provider
def referral_tiles(user) -> list[dict]:
    if not user.reads_cases:
        return []
    inbox = url_for("referrals.index", box="inbox")
    new = queries.awaiting_count(user.org_id, status=("requested",))
    waiting = queries.awaiting_count(user.org_id)
    overdue = queries.awaiting_count(user.org_id, older_than_days=queries.answer_days())
    return [
        {"title": _l("New referrals"), "count": new, "url": url_for("referrals.index", box="inbox",
                                                                   status="requested"),
         "tone": "warn" if new else "ok"},
        {"title": _l("Awaiting my answer"), "count": waiting, "url": inbox, "tone": "warn" if waiting else "ok"},
        {"title": _l("Overdue answers"), "count": overdue, "url": inbox, "tone": "danger" if overdue else "ok"},
    ]
