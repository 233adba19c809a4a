"""Organisations and zones. Services flush; the view commits."""
from sqlalchemy import func, select

from ..audit import log_access
from ..extensions import db
from ..models import Organization, User, Zone

ORG_FIELDS = ("name", "kind", "sector", "programme", "zone_id", "dong", "phone", "address", "rrn_allowed")


def org_query(q: str = "", kind: str = "", active: str = ""):
    stmt = select(Organization)
    if q:
        stmt = stmt.where(Organization.name.ilike(f"%{q.strip()}%"))
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    if active in ("1", "0"):
        stmt = stmt.where(Organization.active.is_(active == "1"))
    return stmt.order_by(Organization.name)


def user_counts(org_ids) -> dict[int, int]:
    """Active accounts per organisation."""
    rows = db.session.execute(
        select(User.org_id, func.count(User.id))
        .where(User.org_id.in_(list(org_ids)), User.active.is_(True)).group_by(User.org_id))
    return dict(rows.all())


def org_name_taken(name: str, exclude_id: int | None = None) -> bool:
    stmt = select(Organization.id).where(Organization.name == name.strip())
    if exclude_id:
        stmt = stmt.where(Organization.id != exclude_id)
    return db.session.scalar(stmt) is not None


def _set_fields(org: Organization, data: dict) -> None:
    for key in ORG_FIELDS:
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(org, key, value)
    org.rrn_allowed = bool(data.get("rrn_allowed"))


def create_org(data: dict, *, by: User) -> Organization:
    org = Organization(active=True)
    _set_fields(org, data)
    db.session.add(org)
    db.session.flush()
    log_access("admin_org_create", target=f"org:{org.id}", user=by)
    return org


def update_org(org: Organization, data: dict, *, by: User) -> None:
    _set_fields(org, data)
    log_access("admin_org_update", target=f"org:{org.id}", user=by)
    db.session.flush()


def set_org_active(org: Organization, active: bool, *, by: User) -> None:
    """Mark the organisation (in)active. Its accounts keep their own flag, but cannot log in
    while the organisation is inactive, and their open sessions end now."""
    from ..auth.services import end_user_sessions
    org.active = active
    if not active:
        for user in db.session.scalars(select(User).where(User.org_id == org.id)):
            end_user_sessions(user, "org_deactivated")
    log_access("admin_org_reactivate" if active else "admin_org_deactivate", target=f"org:{org.id}", user=by)
    db.session.flush()


def zones_with_counts() -> list[tuple[Zone, int]]:
    rows = db.session.execute(
        select(Zone, func.count(Organization.id))
        .outerjoin(Organization, Organization.zone_id == Zone.id)
        .group_by(Zone.id).order_by(Zone.name))
    return [(zone, count) for zone, count in rows.all()]


def zone_name_taken(name: str, exclude_id: int | None = None) -> bool:
    stmt = select(Zone.id).where(Zone.name == name.strip())
    if exclude_id:
        stmt = stmt.where(Zone.id != exclude_id)
    return db.session.scalar(stmt) is not None


def create_zone(name: str, *, by: User) -> Zone:
    zone = Zone(name=name.strip())
    db.session.add(zone)
    db.session.flush()
    log_access("admin_zone_create", target=f"zone:{zone.id}", user=by)
    return zone


def rename_zone(zone: Zone, name: str, *, by: User) -> None:
    log_access("admin_zone_rename", target=f"zone:{zone.id}", user=by, reason=f"{zone.name} -> {name.strip()}")
    zone.name = name.strip()
    db.session.flush()


def zone_choices() -> list[tuple[str, str]]:
    return [(str(z.id), z.name) for z in db.session.scalars(select(Zone).order_by(Zone.name))]


def org_choices(include_id: int | None = None, active_only: bool = True) -> list[tuple[int, str]]:
    """Active organisations (plus `include_id`, e.g. a user's inactive current one)."""
    orgs = db.session.scalars(select(Organization).order_by(Organization.name)).all()
    return [(o.id, o.name) for o in orgs if o.active or o.id == include_id or not active_only]
