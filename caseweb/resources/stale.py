"""내 업무: the organisation's own directory entries that are due for re-checking, with one-click 확인함."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from ..authz import may_edit_resource
from ..extensions import db
from ..models import Resource
from ..tiles import section_provider
from .directory import stale_clause

SHOWN = 10


@dataclass
class StaleEntries:
    resources: list
    total: int


def own_stale(user, limit: int = SHOWN) -> StaleEntries:
    """Entries of the user's organisation not re-checked for the configured months (ended ones aside),
    never-checked and longest-unchecked first."""
    where = (Resource.owner_org_id == user.org_id, Resource.status != "ended", stale_clause())
    rows = db.session.scalars(select(Resource).where(*where)
                              .order_by(Resource.assured_at.is_not(None), Resource.assured_at, Resource.id)
                              .limit(limit)).all()
    total = len(rows) if len(rows) < limit else db.session.scalar(select(func.count()).where(*where))
    return StaleEntries(rows, total)


@section_provider
def dashboard_stale(user) -> list[dict]:
    """Only for those who may re-check their organisation's entries; nothing when all are fresh."""
    if not (user.can_write and user.org_id):
        return []
    stale = own_stale(user)
    if not stale.resources:
        return []
    # The button's flag comes from the rule the re-check view enforces.
    return [{"template": "resources/_stale_entries.html", "stale": stale,
             "months": current_app.config["RESOURCE_STALE_MONTHS"],
             "can_assure": {r.id for r in stale.resources if may_edit_resource(user, r)}}]
