"""Searching the directory: filters that AND together, ranked results, staleness."""
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from flask import current_app
from sqlalchemy import String, and_, case, cast, exists, false, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Resource, ResourceProvider, resource_zones
from ..models.records import NEED_DOMAINS
from ..models.resource import TARGET_GROUPS
from ..models.search import resources_matching
from ..timeutil import SEOUL, seoul_today


def normalise(text: str | None) -> str:
    """Lower case, no spaces or punctuation, NFC: what the bigram index stores."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", text or "")).lower()


def search_text(name: str, provider_name: str) -> str:
    # A space keeps name and provider apart: queries never contain one.
    return f"{normalise(name)} {normalise(provider_name)}"


def months_before(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    month_len = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30,
                 31, 31, 30, 31, 30, 31][m]
    return date(y, m + 1, min(day.day, month_len))


def stale_cutoff(today: date | None = None) -> datetime:
    """Assured before this moment (UTC) means stale."""
    day = months_before(today or seoul_today(), current_app.config["RESOURCE_STALE_MONTHS"])
    return datetime.combine(day, time.min, SEOUL).astimezone(timezone.utc)


def is_stale(resource: Resource, today: date | None = None) -> bool:
    return resource.assured_at is None or resource.assured_at < stale_cutoff(today)


def stale_clause(today: date | None = None):
    return or_(Resource.assured_at.is_(None), Resource.assured_at < stale_cutoff(today))


def available_clause(today: date | None = None):
    """Linkable now: active, in its validity period, and not out of stock or slots."""
    day = today or seoul_today()
    return and_(Resource.status == "active",
                or_(Resource.valid_from.is_(None), Resource.valid_from <= day),
                or_(Resource.valid_until.is_(None), Resource.valid_until >= day),
                or_(Resource.remaining.is_(None), Resource.capacity_kind == "none", Resource.remaining > 0))


@dataclass
class Filters:
    q: str = ""
    domain: str = ""
    zone: int | None = None
    target: str = ""
    age: int | None = None
    provider: int | None = None
    sector: str = ""
    available: bool = False
    stale: bool = False
    owner: int | None = None
    page: int = 1
    errors: list = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "Filters":
        def _int(name):
            try:
                value = int(args.get(name, "") or 0)
            except ValueError:
                return None
            return value if value > 0 else None
        f = cls(q=(args.get("q") or "").strip()[:60], zone=_int("zone"), age=_int("age"),
                provider=_int("provider"), page=_int("page") or 1, owner=_int("owner"),
                available=args.get("available") == "1", stale=args.get("stale") == "1")
        f.domain = args.get("domain", "") if args.get("domain", "") in NEED_DOMAINS else ""
        f.target = args.get("target", "") if args.get("target", "") in TARGET_GROUPS else ""
        f.sector = args.get("sector", "") if args.get("sector", "") in ("public", "private") else ""
        return f

    def args(self, **override) -> dict:
        """Query-string arguments for a link to this search (empty ones left out)."""
        values = {"q": self.q, "domain": self.domain, "zone": self.zone, "target": self.target,
                  "age": self.age, "provider": self.provider, "sector": self.sector,
                  "available": "1" if self.available else None, "stale": "1" if self.stale else None,
                  "owner": self.owner, "page": self.page if self.page > 1 else None}
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "", 0)}


def conditions(f: Filters, today: date | None = None) -> list:
    conds = []
    norm = normalise(f.q)
    if f.q and not norm:
        conds.append(false())
    elif norm:
        conds.append(resources_matching(norm))
    if f.domain:
        conds.append(Resource.domain == f.domain)
    if f.zone:
        in_zone = exists().where(resource_zones.c.resource_id == Resource.id, resource_zones.c.zone_id == f.zone)
        anywhere = ~exists().where(resource_zones.c.resource_id == Resource.id)
        conds.append(or_(in_zone, anywhere))
    if f.target:
        # JSON lists are stored as text on both backends: '"elderly"' is one whole item.
        conds.append(cast(Resource.target_groups, String).contains(f'"{f.target}"'))
    if f.age is not None:
        conds.append(and_(or_(Resource.min_age.is_(None), Resource.min_age <= f.age),
                          or_(Resource.max_age.is_(None), Resource.max_age >= f.age)))
    if f.provider:
        conds.append(Resource.provider_id == f.provider)
    if f.sector:
        conds.append(Resource.provider_id.in_(select(ResourceProvider.id).where(ResourceProvider.sector == f.sector)))
    if f.available:
        conds.append(available_clause(today))
    if f.stale:
        conds.append(stale_clause(today))
    if f.owner:
        conds.append(Resource.owner_org_id == f.owner)
    return conds


def ranking(f: Filters, today: date | None = None) -> list:
    """Active and linkable first; for a search, names starting with it, then names containing it."""
    order = [case((Resource.status == "active", 0), else_=1),
             case((available_clause(today), 0), else_=1)]
    norm = normalise(f.q)
    if norm:
        order.append(case((Resource.name_norm.startswith(norm, autoescape=True), 0),
                          (Resource.name_norm.contains(norm, autoescape=True), 1), else_=2))
    order += [case((stale_clause(today), 1), else_=0), Resource.name, Resource.id]
    return order


def search(f: Filters, page_size: int | None = None, today: date | None = None) -> tuple[list, bool]:
    """One page of matching resources, ranked, and whether another page follows."""
    size = page_size or current_app.config["PAGE_SIZE"]
    rows = db.session.scalars(
        select(Resource).where(*conditions(f, today)).order_by(*ranking(f, today))
        .options(selectinload(Resource.provider), selectinload(Resource.zones))
        .limit(size + 1).offset((f.page - 1) * size)).all()
    return rows[:size], len(rows) > size
