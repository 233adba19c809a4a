"""The directory in Open Referral HSDS 3.0 tabular form (CSV files in a ZIP), and back.

Files and columns follow HSDS 3.0's tabular layout: organizations, services,
locations, service_at_location, taxonomies, taxonomy_terms and attributes (which
tie each service to its need-domain term). Korean extensions HSDS lacks (zones,
dongs, stock, owning organisation …) are extra service columns prefixed `x_`.
"""
import csv
import io
import zipfile
from datetime import date, datetime, time, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Resource, ResourceProvider
from ..models.records import NEED_DOMAINS
from ..models.resource import CAPACITY_KINDS, TARGET_GROUPS
from ..timeutil import SEOUL, to_seoul

TAXONOMY_ID = "caseweb-need-domains"
ORG_COLUMNS = ["id", "name", "alternate_name", "description", "email", "website", "x_sector", "x_phone",
               "x_address", "x_member_organization"]
SERVICE_COLUMNS = ["id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
                   "application_process", "fees_description", "eligibility_description", "minimum_age",
                   "maximum_age", "assured_date", "assurer_email", "last_modified",
                   "x_need_domain", "x_need_subdomain", "x_target_groups", "x_zones", "x_dongs", "x_valid_from",
                   "x_valid_until", "x_capacity_kind", "x_quantity", "x_unit", "x_remaining", "x_amount_krw",
                   "x_documents", "x_contact", "x_schedule", "x_owner_organization"]
LOCATION_COLUMNS = ["id", "location_type", "organization_id", "name", "description"]
SAL_COLUMNS = ["id", "service_id", "location_id"]
TERM_COLUMNS = ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id"]
ATTRIBUTE_COLUMNS = ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"]
# HSDS service status <-> ours
STATUS_OUT = {"active": "active", "paused": "temporarily closed", "ended": "defunct"}
STATUS_IN = {"active": "active", "temporarily closed": "paused", "inactive": "ended", "defunct": "ended"}


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _s(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return to_seoul(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def all_resources() -> list[Resource]:
    return db.session.scalars(select(Resource).options(
        selectinload(Resource.provider).selectinload(ResourceProvider.org), selectinload(Resource.zones),
        selectinload(Resource.owner_org), selectinload(Resource.assured_by)).order_by(Resource.id)).all()


def export_files(resources: list[Resource]) -> dict[str, str]:
    """File name -> CSV text."""
    providers = {r.provider.id: r.provider for r in resources}
    orgs = [{"id": f"org-{p.id}", "name": p.name, "description": _s(p.description), "website": _s(p.website),
             "x_sector": p.sector, "x_phone": _s(p.phone), "x_address": _s(p.address),
             "x_member_organization": p.org.name if p.org else ""} for p in providers.values()]
    services, attributes = [], []
    for r in resources:
        services.append({
            "id": f"svc-{r.id}", "organization_id": f"org-{r.provider_id}", "name": r.name,
            "description": _s(r.description), "status": STATUS_OUT.get(r.status, "active"),
            "application_process": _s(r.how_to_apply), "fees_description": _s(r.cost),
            "eligibility_description": _s(r.eligibility), "minimum_age": _s(r.min_age), "maximum_age": _s(r.max_age),
            "assured_date": _s(r.assured_at), "assurer_email": r.assured_by.username if r.assured_by else "",
            "last_modified": _s(r.updated_at), "x_need_domain": r.domain, "x_need_subdomain": _s(r.subdomain),
            "x_target_groups": ";".join(r.target_groups or []), "x_zones": ";".join(z.name for z in r.zones),
            "x_dongs": ";".join(r.dong_list), "x_valid_from": _s(r.valid_from), "x_valid_until": _s(r.valid_until),
            "x_capacity_kind": r.capacity_kind, "x_quantity": _s(r.quantity), "x_unit": _s(r.unit),
            "x_remaining": _s(r.remaining), "x_amount_krw": _s(r.amount_krw), "x_documents": _s(r.documents),
            "x_contact": _s(r.contact), "x_schedule": _s(r.schedule), "x_owner_organization": r.owner_org.name})
        for n, term in enumerate(t for t in (r.domain, r.subdomain) if t):
            attributes.append({"id": f"attr-{r.id}-{n}", "link_id": f"svc-{r.id}", "taxonomy_term_id": term,
                               "link_type": "need_domain", "link_entity": "service", "value": ""})
    locations = [{"id": f"loc-{p.id}", "location_type": "physical", "organization_id": f"org-{p.id}",
                  "name": p.name, "description": p.address} for p in providers.values() if p.address]
    located = {loc["organization_id"] for loc in locations}
    sal = [{"id": f"sal-{r.id}", "service_id": f"svc-{r.id}", "location_id": f"loc-{r.provider_id}"}
           for r in resources if f"org-{r.provider_id}" in located]
    terms = []
    for key, (label, subs) in NEED_DOMAINS.items():
        terms.append({"id": key, "code": key, "name": str(label), "parent_id": "", "taxonomy": TAXONOMY_ID,
                      "language": "ko", "taxonomy_id": TAXONOMY_ID})
        terms += [{"id": sk, "code": sk, "name": str(sl), "parent_id": key, "taxonomy": TAXONOMY_ID,
                   "language": "ko", "taxonomy_id": TAXONOMY_ID} for sk, sl in subs.items()]
    return {
        "organizations.csv": _csv(ORG_COLUMNS, orgs),
        "services.csv": _csv(SERVICE_COLUMNS, services),
        "locations.csv": _csv(LOCATION_COLUMNS, locations),
        "service_at_location.csv": _csv(SAL_COLUMNS, sal),
        "taxonomies.csv": _csv(["id", "name", "description", "uri", "version"],
                               [{"id": TAXONOMY_ID, "name": "caseweb 욕구 영역", "version": "1"}]),
        "taxonomy_terms.csv": _csv(TERM_COLUMNS, terms),
        "attributes.csv": _csv(ATTRIBUTE_COLUMNS, attributes),
    }


def export_zip(resources: list[Resource]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in export_files(resources).items():
            zf.writestr(name, "\ufeff" + text)  # BOM: Excel opens Korean CSV correctly
    return buffer.getvalue()


def export_xlsx(resources: list[Resource], headers: list[str]) -> bytes:
    """One sheet for offices: what, who, for whom, where, what remains, when checked."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "자원"
    ws.append(headers)
    for r in resources:
        ws.append([r.id, r.name, r.provider.name, r.provider.sector, str(NEED_DOMAINS.get(r.domain, (r.domain,))[0]),
                   ", ".join(str(TARGET_GROUPS.get(t, t)) for t in r.target_groups or []),
                   r.min_age, r.max_age, ", ".join(z.name for z in r.zones) or "", r.dongs or "", r.status,
                   str(CAPACITY_KINDS.get(r.capacity_kind, "")), r.remaining, r.unit or "", r.amount_krw,
                   r.contact or "", r.how_to_apply or "", _s(r.assured_at)])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_zip(data: bytes) -> dict[str, list[dict]]:
    """File name -> rows (dicts); raises ValueError for something that is not our ZIP of CSVs."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError("zip") from exc
    files = {}
    for info in zf.infolist():
        name = info.filename.rsplit("/", 1)[-1]
        if not name.endswith(".csv") or info.file_size > 20 * 1024 * 1024:
            continue
        try:
            text = zf.read(info).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"encoding:{name}") from exc
        files[name] = list(csv.DictReader(io.StringIO(text)))
    return files


def assured_from(value: str) -> datetime | None:
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), time(9), SEOUL).astimezone(timezone.utc)
