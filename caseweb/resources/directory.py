"""Searching the directory: filters that AND together, ranked results, staleness."""
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from flask import current_app
from sqlalchemy import String, and_, case, cast, exists, false, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Resource, ResourceProvider, resource_zones
from ..models.records import NEED_DOMAINS
from ..models.resource import TARGET_GROUPS
from ..models.search import resource_ids_matching
from ..timeutil import SEOUL, seoul_today

# A search ranks at most this many matches (the newest); more are shown as "1,000 or more".
RESULT_CAP = 1000


def normalise(text: str | None) -> str:
    """Lower case, no spaces or punctuation, NFC: what the bigram index stores."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", text or "")).lower()


def search_text(name: str, provider_name: str, description: str | None = None,
                eligibility: str | None = None) -> str:
    """Name, provider, description and eligibility, normalised: what the bigram index covers.

    A space keeps the parts apart (queries never contain one); the name comes first,
    and ranking puts name matches above matches in the other parts.
    """
    return " ".join(normalise(part) for part in (name, provider_name, description, eligibility))


def refresh_search_text(resource: Resource) -> None:
    resource.name_norm = normalise(resource.name)
    resource.search_norm = search_text(resource.name, resource.provider.name, resource.description,
                                       resource.eligibility)


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
    """The filters other than the search words (those choose where the walk starts: `candidates`)."""
    conds = []
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


def candidates(f: Filters, today: date | None = None):
    """Ids of the newest `RESULT_CAP` entries that match the words and every filter.

    The walk goes newest first in index order and stops at the cap, so a word found in
    half the directory costs what a rare one does; ranking then orders only these.
    """
    norm = normalise(f.q)
    if f.q and not norm:
        ids = select(Resource.id).where(false())
    elif norm:
        ids = resource_ids_matching(norm)
    else:
        ids = select(Resource.id).order_by(Resource.id.desc())
    return ids.where(*conditions(f, today)).limit(RESULT_CAP)


@dataclass
class Results:
    """One page of ranked entries; `total` counts matches up to the cap (`capped`: at least that many)."""
    rows: list
    has_next: bool
    total: int
    capped: bool


def search(f: Filters, page_size: int | None = None, today: date | None = None) -> Results:
    """One page of matching resources, ranked, with how many matched (up to `RESULT_CAP`)."""
    size = page_size or current_app.config["PAGE_SIZE"]
    page = db.session.execute(
        select(Resource, func.count().over()).where(Resource.id.in_(candidates(f, today)))
        .order_by(*ranking(f, today)).options(selectinload(Resource.provider), selectinload(Resource.zones))
        .limit(size + 1).offset((f.page - 1) * size)).all()
    rows = [row[0] for row in page]
    total = page[0][1] if page else 0
    return Results(rows[:size], len(rows) > size, total, total >= RESULT_CAP)
