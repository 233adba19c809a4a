"""Directory rules: saving an entry with its edit history, re-verifying (who may: caseweb.authz)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Organization, Resource, ResourceEdit, ResourceProvider, Zone
from ..timeutil import utcnow
from .directory import refresh_search_text

# Fields a form edits, in the order the history shows them.
TRACKED = ("name", "description", "domain", "subdomain", "target_groups", "eligibility", "min_age", "max_age",
           "cost", "amount_krw", "how_to_apply", "documents", "contact", "schedule", "dongs", "valid_from",
           "valid_until", "status", "capacity_kind", "quantity", "unit", "remaining")


def provider_for(name: str, sector: str) -> ResourceProvider:
    """The provider of that name: a member organisation's own, or an outside one (created if new)."""
    name = name.strip()
    provider = db.session.scalar(select(ResourceProvider).where(ResourceProvider.name == name))
    if provider:
        return provider
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    provider = ResourceProvider(name=name, org_id=org.id if org else None,
                                sector=org.sector if org else sector, phone=org.phone if org else None,
                                address=org.address if org else None)
    db.session.add(provider)
    db.session.flush()
    return provider


def _value(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def apply_form(resource: Resource, form, user, action: str) -> Resource:
    """Copy the form onto the entry and record what changed; the caller commits."""
    before = {f: _value(getattr(resource, f)) for f in TRACKED}
    before["provider"] = resource.provider.name if resource.provider_id else None
    before["zones"] = [z.name for z in resource.zones]
    for f in TRACKED:
        if f in form._fields:
            value = form[f].data
            setattr(resource, f, value.strip() if isinstance(value, str) else value)
    resource.subdomain = resource.subdomain or None
    resource.target_groups = list(form.target_groups.data or [])
    if resource.capacity_kind == "none":
        resource.quantity = resource.remaining = resource.unit = None
    resource.provider = provider_for(form.provider_name.data, form.provider_sector.data)
    resource.zones = list(db.session.scalars(select(Zone).where(Zone.id.in_(form.zone_ids.data or []))))
    resource.dongs = ", ".join(d.strip() for d in (form.dongs.data or "").split(",") if d.strip()) or None
    return record(resource, user, action, before)


def record(resource: Resource, user, action: str, before: dict | None = None) -> Resource:
    """Refresh the search text and write one history row with the changed fields."""
    refresh_search_text(resource)
    if resource.owner_org_id is None:
        resource.owner_org_id = user.org_id
    after = {f: _value(getattr(resource, f)) for f in TRACKED}
    after["provider"] = resource.provider.name
    after["zones"] = [z.name for z in resource.zones]
    changes = {k: [before.get(k) if before else None, v] for k, v in after.items()
               if not before or before.get(k) != v}
    if action == "edited" and not changes:
        return resource
    if not resource.assured_at or action == "created":
        resource.assured_at, resource.assured_by = utcnow(), user
    db.session.add(resource)
    db.session.flush()
    db.session.add(ResourceEdit(resource_id=resource.id, user_id=user.id, org_id=user.org_id, action=action,
                                changes=changes if action != "created" else {}))
    return resource


def assure(resource: Resource, user) -> None:
    """확인: the owner confirms the entry is still correct today."""
    resource.assured_at, resource.assured_by = utcnow(), user
    db.session.add(ResourceEdit(resource_id=resource.id, user_id=user.id, org_id=user.org_id, action="assured",
                                changes={}))


def history(resource: Resource) -> list[ResourceEdit]:
    return db.session.scalars(select(ResourceEdit).where(ResourceEdit.resource_id == resource.id)
                              .options(selectinload(ResourceEdit.user), selectinload(ResourceEdit.org))
                              .order_by(ResourceEdit.id.desc())).all()


def zones() -> list[Zone]:
    return db.session.scalars(select(Zone).order_by(Zone.name)).all()


def providers() -> list[ResourceProvider]:
    return db.session.scalars(select(ResourceProvider).order_by(ResourceProvider.name)).all()
