"""Dashboard tiles: new referrals, awaiting my answer, overdue answers."""
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..tiles import tile_provider
from . import queries


@tile_provider
def referral_tiles(user) -> list[dict]:
    if not user.reads_cases:
        return []
    inbox = url_for("referrals.index", box="inbox")
    new = queries.awaiting_count(user.org_id, status=("requested",))
    waiting = queries.awaiting_count(user.org_id)
    # Unanswered for as long as a task counts as "due soon": the answer is overdue.
    overdue = queries.awaiting_count(user.org_id, older_than_days=current_app.config["UPCOMING_DAYS"])
    return [
        {"title": _l("New referrals"), "count": new, "url": url_for("referrals.index", box="inbox",
                                                                   status="requested"),
         "tone": "warn" if new else "ok"},
        {"title": _("Waiting for an answer from %(org)s", org=user.org.name), "count": waiting, "url": inbox,
         "tone": "warn" if waiting else "ok"},
        {"title": _l("Overdue answers"), "count": overdue, "url": inbox, "tone": "danger" if overdue else "ok"},
    ]
