"""Importing an HSDS ZIP: check every row first; write only when no row has an error."""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Organization, Resource, Zone
from ..models.records import NEED_DOMAINS
from ..models.resource import CAPACITY_KINDS, TARGET_GROUPS
from . import hsds
from .services import TRACKED, _value, provider_for, record


@dataclass
class ImportPlan:
    providers: dict = field(default_factory=dict)   # HSDS id -> {name, sector, ...}
    services: list = field(default_factory=list)    # parsed Resource fields + provider key + zones
    errors: list = field(default_factory=list)      # Korean messages, one per problem, naming the row


def _int(row, key, errors, label, low=0, high=None):
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors.append(_("%(field)s is not a whole number: “%(value)s”", field=label, value=raw))
        return None
    if value < low or (high is not None and value > high):
        errors.append(_("%(field)s is out of range: %(value)s", field=label, value=raw))
    return value


def _date(row, key, errors, label):
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(_("%(field)s is not a date (YYYY-MM-DD): “%(value)s”", field=label, value=raw))
        return None


def _orgs(rows, plan):
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        problems, name = [], (row.get("name") or "").strip()
        if not row.get("id"):
            problems.append(_("the id is empty"))
        if not name or len(name) > 120:
            problems.append(_("the name is empty or too long"))
        sector = (row.get("x_sector") or "private").strip()
        if sector not in ("public", "private"):
            problems.append(_("x_sector must be public or private"))
        if row.get("id") in plan.providers:
            problems.append(_("the id appears twice"))
        for p in problems:
            plan.errors.append(_("organizations.csv line %(line)d: %(problem)s", line=n, problem=p))
        plan.providers[row.get("id")] = {"name": name, "sector": sector, "phone": row.get("x_phone") or None,
                                         "address": row.get("x_address") or None,
                                         "website": row.get("website") or None,
                                         "description": row.get("description") or None}


def _service(row, terms, plan) -> tuple[dict, list]:
    e = []
    name = (row.get("name") or "").strip()
    if not name or len(name) > 160:
        e.append(_("the name is empty or too long"))
    if row.get("organization_id") not in plan.providers:
        e.append(_("organization_id “%(id)s” is not in organizations.csv", id=row.get("organization_id", "")))
    status = hsds.STATUS_IN.get((row.get("status") or "active").strip())
    if status is None:
        e.append(_("unknown status “%(value)s”", value=row.get("status")))
    domain = (row.get("x_need_domain") or "").strip() or next((t for t in terms if t in NEED_DOMAINS), "")
    if domain not in NEED_DOMAINS:
        e.append(_("no valid need domain (x_need_domain or an attribute)"))
    sub = (row.get("x_need_subdomain") or "").strip() or None
    if sub and sub not in NEED_DOMAINS.get(domain, ("", {}))[1]:
        e.append(_("sub-domain “%(value)s” does not belong to the need domain", value=sub))
    min_age = _int(row, "minimum_age", e, "minimum_age", 0, 120)
    max_age = _int(row, "maximum_age", e, "maximum_age", 0, 120)
    if min_age is not None and max_age is not None and max_age < min_age:
        e.append(_("maximum_age is below minimum_age"))
    groups = [g for g in (row.get("x_target_groups") or "").split(";") if g.strip()]
    if any(g not in TARGET_GROUPS for g in groups):
        e.append(_("unknown target group in “%(value)s”", value=row.get("x_target_groups")))
    kind = (row.get("x_capacity_kind") or "none").strip()
    if kind not in CAPACITY_KINDS:
        e.append(_("x_capacity_kind must be none, slots or stock"))
    quantity = _int(row, "x_quantity", e, "x_quantity")
    remaining = _int(row, "x_remaining", e, "x_remaining")
    if kind in ("slots", "stock") and remaining is None:
        e.append(_("x_remaining is needed for slots or stock"))
    if quantity is not None and remaining is not None and remaining > quantity:
        e.append(_("x_remaining is more than x_quantity"))
    values = {
        "name": name, "description": row.get("description") or None, "status": status or "active",
        "domain": domain, "subdomain": sub, "target_groups": groups, "eligibility": row.get("eligibility_description")
        or None, "min_age": min_age, "max_age": max_age, "cost": row.get("fees_description") or None,
        "amount_krw": _int(row, "x_amount_krw", e, "x_amount_krw"), "how_to_apply": row.get("application_process")
        or None, "documents": row.get("x_documents") or None, "contact": row.get("x_contact") or None,
        "schedule": row.get("x_schedule") or None,
        "dongs": ", ".join(d.strip() for d in (row.get("x_dongs") or "").split(";") if d.strip()) or None,
        "valid_from": _date(row, "x_valid_from", e, "x_valid_from"),
        "valid_until": _date(row, "x_valid_until", e, "x_valid_until"),
        "capacity_kind": kind if kind in CAPACITY_KINDS else "none", "quantity": quantity, "unit": row.get("x_unit")
        or None, "remaining": remaining if kind != "none" else None,
    }
    assured = _date(row, "assured_date", e, "assured_date")
    extra = {"provider": row.get("organization_id"), "assured": assured, "assurer": row.get("assurer_email") or "",
             "zones": [z.strip() for z in (row.get("x_zones") or "").split(";") if z.strip()],
             "owner": (row.get("x_owner_organization") or "").strip()}
    return {"values": values, **extra}, e


def validate(files: dict[str, list[dict]]) -> ImportPlan:
    plan = ImportPlan()
    for needed in ("organizations.csv", "services.csv"):
        if needed not in files:
            plan.errors.append(_("%(file)s is missing from the ZIP.", file=needed))
    if plan.errors:
        return plan
    _orgs(files["organizations.csv"], plan)
    terms = {}
    for a in files.get("attributes.csv", []):
        if a.get("link_entity", "service") == "service":
            terms.setdefault(a.get("link_id"), []).append(a.get("taxonomy_term_id"))
    seen = set()
    for n, row in enumerate(files["services.csv"], start=2):
        parsed, problems = _service(row, terms.get(row.get("id"), []), plan)
        if row.get("id") in seen:
            problems.append(_("the id appears twice"))
        seen.add(row.get("id"))
        for p in problems:
            plan.errors.append(_("services.csv line %(line)d (%(name)s): %(problem)s", line=n,
                                 name=row.get("name") or "?", problem=p))
        plan.services.append(parsed)
    return plan


def apply(plan: ImportPlan, user) -> int:
    """Write the checked plan (the caller commits). Same provider and name: the entry is updated."""
    assert not plan.errors
    from ..models import User
    providers = {}
    for key, p in plan.providers.items():
        provider = provider_for(p["name"], p["sector"])
        for attr in ("phone", "address", "website", "description"):
            if p[attr] and not getattr(provider, attr):
                setattr(provider, attr, p[attr])
        providers[key] = provider
    zones = {z.name: z for z in db.session.scalars(select(Zone))}
    orgs = {o.name: o for o in db.session.scalars(select(Organization))}
    for s in plan.services:
        provider = providers[s["provider"]]
        resource = db.session.scalar(select(Resource).where(Resource.provider_id == provider.id,
                                                            Resource.name == s["values"]["name"])) if provider.id else None
        before = None
        if resource is None:
            owner = orgs.get(s["owner"]) or provider.org or user.org
            resource = Resource(owner_org_id=owner.id, provider=provider)
        else:
            before = {f: _value(getattr(resource, f)) for f in TRACKED}
            before.update(provider=provider.name, zones=[z.name for z in resource.zones])
        for attr, value in s["values"].items():
            setattr(resource, attr, value)
        for name in s["zones"]:
            if name not in zones:
                zones[name] = Zone(name=name)
                db.session.add(zones[name])
        resource.zones = [zones[n] for n in s["zones"]]
        resource.assured_at = hsds.assured_from(s["assured"].isoformat()) if s["assured"] else None
        resource.assured_by = db.session.scalar(select(User).where(User.username == s["assurer"])) \
            if s["assurer"] else None
        record(resource, user, "imported", before)
    return len(plan.services)
