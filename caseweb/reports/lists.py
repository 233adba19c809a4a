"""Rows of the lists behind figures and of downloads; reading them is logged per household."""
from flask_babel import gettext as _, lazy_gettext as _l, pgettext
from sqlalchemy import select

from .. import audit_labels
from ..audit import log_access
from ..authz import visible_entry_clause
from ..extensions import db
from ..models import ScreeningEntry
from .drill import drill
from .figures import BY_KEY, FOLLOW_UP_LABELS
from ..timeutil import to_seoul
from .periods import Period


def load(key: str, period: Period, org_id: int):
    return drill(key, period, org_id)


def label(key: str):
    return BY_KEY[key].label if key in BY_KEY else FOLLOW_UP_LABELS.get(key, key)


audit_labels.register_target("figure", _l("Figure"), label)


def log_read(found: dict, key: str, action: str = "report_list", reason: str | None = None) -> None:
    """One row for the list, and one per household whose case it shows."""
    log_access(action, target=f"figure:{key}", reason=reason)
    if found["base"] in ("case", "linkage"):
        for household_id in sorted({row.household_id for row in found["rows"]}):
            log_access(action, household_id=household_id, target=f"figure:{key}", reason=reason)


def export_rows(found: dict) -> tuple[list, list]:
    base, rows = found["base"], found["rows"]
    if base == "case":
        return ([_("Case number"), _("Head of household"), _("Programme"), _("Status"), _("Found on"),
                 _("Intake"), _("Selected on"), _("Plan"), _("Closed on"), _("Closure reason")],
                [[c.number, c.household.head_name, c.programme, str(c.status_label), c.found_on, c.intake_on,
                  c.selected_on, c.plan_on, c.closed_on, c.closure_reason] for c in rows])
    if base == "entry":
        return ([_("List"), _("Name"), _("Birth date"), _("Dong"), _("Result"), _("Checked on")],
                [[e.list.title, e.name, e.birth_date, e.dong, str(e.outcome_label), e.outcome_on] for e in rows])
    if base == "linkage":
        return ([_("Case number"), _("Resource"), _("Provider"), _("Sector"), _("Linked on"), _("Amount (KRW)")],
                [[found["case_numbers"].get(k.case_id), k.resource_name, k.provider_name, k.sector, k.linked_on, k.amount_krw] for k in rows])
    if base == "conference":
        return ([_("Conference"), _("Date"), pgettext("conference", "Kind")],
                [[c.title, to_seoul(c.starts_at).date(), str(c.kind_label)] for c in rows])
    visible = found.get("visible", set())
    return ([_("Case number"), _("From"), _("To"), _("Status"), _("Requested"), _("Answered")],
            [[t.case.number if t.case_id in visible else _("Restricted"), t.from_org.name, t.to_org.name,
              str(t.status_label), to_seoul(t.requested_at).date(),
              to_seoul(t.answered_at).date() if t.answered_at else None]
             for t in rows])


def figure_rows(table: dict, period: Period) -> tuple[list, list]:
    header = [_("Figure"), _("Value"), pgettext("report", "Period")]
    span = f"{period.start.isoformat()} ~ {period.end.isoformat()}"
    rows = [[str(lab), cell.text, span] for section in table["sections"].values() for _k, lab, cell in section]
    rows += [[str(lab), cell.text, span] for _k, lab, cell in table["ratios"]]
    rows.append([_("Median days to answer a referral"), table["answer_median"].text, span])
    rows.append([_("Organisations per conference"), table["orgs_per_conference"].text, span])
    rows.append([_("Amount linked (KRW)"), table["krw"].text, span])
    rows += [[_("Need domain: %(domain)s", domain=domain), cell.text, span] for domain, cell in table["by_domain"]]
    rows += [[_("Closed: %(reason)s", reason=reason), cell.text, span] for reason, cell in table["closed_by"]]
    return header, rows


def screening_rows(screening_list, org_id: int) -> tuple[list, list]:
    entries = db.session.scalars(select(ScreeningEntry).where(
        ScreeningEntry.list_id == screening_list.id, visible_entry_clause(org_id)).order_by(ScreeningEntry.id))
    return ([_("Row"), _("Name"), _("Birth date"), _("Address"), _("Dong"), _("Phone"), _("Reason found"),
             _("Result"), _("Checked on"), _("Note")],
            [[e.row_number, e.name, e.birth_date, e.address, e.dong, e.phone, e.reason, str(e.outcome_label),
              e.outcome_on, e.outcome_note] for e in entries])
