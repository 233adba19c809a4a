"""Builders for directory entries (flush only, like tests/factories.py)."""
from datetime import datetime, timezone

from caseweb.extensions import db
from caseweb.models import Resource
from caseweb.resources.directory import refresh_search_text
from caseweb.resources.services import provider_for


def make_resource(owner, name="주택임대보조금", provider=None, domain="environment", **kw):
    """An active entry owned by `owner` (an Organization), assured now unless told otherwise."""
    prov = provider_for(provider or owner.name, kw.pop("sector", "public"))
    zones = kw.pop("zones", [])
    kw.setdefault("assured_at", datetime.now(timezone.utc))
    if "remaining" in kw and "capacity_kind" not in kw:
        kw["capacity_kind"] = "stock"
    r = Resource(name=name, provider=prov, owner_org_id=owner.id, domain=domain, target_groups=kw.pop("target_groups", []),
                 **kw)
    r.zones = list(zones)
    refresh_search_text(r)
    db.session.add(r)
    db.session.flush()
    return r
