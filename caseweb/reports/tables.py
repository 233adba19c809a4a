"""Turning per-organisation figures into what a viewer may see: totals, groups, suppressed small cells, charts."""
import statistics
from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Organization
from ..models.org import PROGRAMMES, SECTORS
from ..models.records import NEED_DOMAINS
from .figures import FIGURES, FOLLOW_UP_LABELS, RATIOS

SMALL = 5  # cells under 5 households are suppressed in cross-organisation figures
DIMENSIONS = {"org": _l("Organisation"), "zone": _l("Zone"), "programme": _l("Programme"), "sector": _l("Sector")}
SUPPRESSED = _l("under 5")


@dataclass
class Cell:
    value: float | int | None
    text: str
    suppressed: bool = False
    size: int = 0  # households behind the cell (a rate's denominator): what complementary suppression compares


# Figures shown next to the parts they add up to: (total, parts, exact). Not exact: a remainder
# (e.g. plans made late) is not shown, yet follows from the total minus the parts.
PARTS = [
    ("funnel_selected", ("screen_selected", "screen_linked"), True),
    ("screened", ("screen_selected", "screen_linked"), False),
    ("funnel_selected", ("funnel_linked",), False),
    ("plan_due", ("plan_on_time",), False),
    ("follow_ups_due", ("follow_ups_on_time",), False),
    ("referrals_answered", ("referrals_accepted",), False),
    ("active", ("mixed_sector",), False),
    ("linkages", ("linkages_public", "linkages_private"), False),
]


def orgs_by_id() -> dict[int, Organization]:
    return {o.id: o for o in db.session.scalars(select(Organization))}


def group_of(org: Organization, dimension: str) -> str:
    if dimension == "zone":
        return org.zone.name if org.zone else str(_l("No zone"))
    if dimension == "programme":
        return str(PROGRAMMES.get(org.programme, org.programme or "-"))
    if dimension == "sector":
        return str(SECTORS.get(org.sector, org.sector))
    return org.name


def merge(result: dict, org_ids) -> dict:
    """The figures of several organisations added up (medians from the pooled answer times)."""
    counts, closed_by, days, by_domain, krw = {}, {}, [], {}, 0
    for org_id in org_ids:
        krw += result["krw"].get(org_id, 0)
        for domain, n in result["by_domain"].get(org_id, {}).items():
            by_domain[domain] = by_domain.get(domain, 0) + n
        for key, n in result["counts"].get(org_id, {}).items():
            counts[key] = counts.get(key, 0) + n
        for reason, n in result["closed_by"].get(org_id, {}).items():
            closed_by[reason] = closed_by.get(reason, 0) + n
        days.extend(result["answer_days"].get(org_id, []))
    return {"counts": counts, "closed_by": closed_by, "answer_days": days, "by_domain": by_domain, "krw": krw}


def count_cell(n: int, suppress: bool) -> Cell:
    if suppress and 0 < n < SMALL:
        return Cell(None, str(SUPPRESSED), True, n)
    return Cell(n, f"{n:,}", size=n)


def ratio_cell(num: int, den: int, suppress: bool) -> Cell:
    if not den:
        return Cell(None, "–")
    if suppress and (den < SMALL or 0 < num < SMALL or 0 < den - num < SMALL):
        return Cell(None, str(SUPPRESSED), True, den)
    pct = round(100 * num / den, 1)
    return Cell(pct, f"{pct:.1f}% ({num:,}/{den:,})", size=den)


def _hide(cell: Cell) -> None:
    cell.value, cell.text, cell.suppressed = None, str(SUPPRESSED), True


def protect(total: Cell, parts: list[Cell], remainder: int = 0) -> bool:
    """Complementary suppression: parts of a shown total must not give a suppressed cell away.

    When exactly one cell of the group is unknown (one suppressed part, or, with none suppressed,
    an unshown remainder under 5) the total minus the others reveals it; the next-smallest shown
    part is suppressed too. Returns whether it hid a cell (callers repeat until nothing changes).
    """
    if total.suppressed or not total.size:
        return False
    hidden = [cell for cell in parts if cell.suppressed]
    if not (len(hidden) == 1 and not remainder) and not (not hidden and 0 < remainder < SMALL):
        return False
    shown = [cell for cell in parts if not cell.suppressed and cell.size]
    _hide(min(shown, key=lambda cell: cell.size) if shown else total)
    return True


def protect_all(groups: list[tuple[Cell, list[Cell], int]]) -> None:
    """Repeat `protect` over every group until no cell changes (one cell can sit in two groups)."""
    while any([protect(total, parts, remainder) for total, parts, remainder in groups]):
        pass


def median_cell(days: list, suppress: bool) -> Cell:
    if not days:
        return Cell(None, "–")
    if suppress and len(days) < SMALL:
        return Cell(None, str(SUPPRESSED), True)
    value = round(statistics.median(days), 1)
    shown = format(value, "g")
    return Cell(value, gettext("%(n)s days", n=shown))


def mean_cell(total: int, n: int, suppress: bool) -> Cell:
    if not n:
        return Cell(None, "–")
    if suppress and n < SMALL:
        return Cell(None, str(SUPPRESSED), True)
    value = round(total / n, 1)
    return Cell(value, f"{value:.1f}")


def summary(merged: dict, suppress: bool) -> dict:
    """Rows for the figures table: sections of (key, label, Cell)."""
    counts = merged["counts"]
    rows = {}
    for figure in FIGURES:
        rows.setdefault(figure.section, []).append((figure.key, figure.label,
                                                     count_cell(counts.get(figure.key, 0), suppress)))
    for key, label in FOLLOW_UP_LABELS.items():
        rows["deadlines"].append((key, label, count_cell(counts.get(key, 0), suppress)))
    ratios = [(key, label, ratio_cell(counts.get(num, 0), counts.get(den, 0), suppress))
              for key, num, den, label in RATIOS]
    by_domain = [(str(NEED_DOMAINS.get(d, (d,))[0]), count_cell(n, suppress)) for d, n in merged["by_domain"].items()]
    linkages = counts.get("linkages", 0)
    krw = (Cell(None, str(SUPPRESSED), True) if suppress and 0 < linkages < SMALL
           else Cell(merged["krw"], gettext("%(amount)s won", amount=format(merged["krw"], ","))))
    closed = [(reason, count_cell(n, suppress)) for reason, n in merged["closed_by"].items()]
    if suppress:
        cells = {key: cell for section in rows.values() for key, _label, cell in section}
        groups = [(cells[total], [cells[k] for k in parts],
                   0 if exact else counts.get(total, 0) - sum(counts.get(k, 0) for k in parts))
                  for total, parts, exact in PARTS]
        groups += [(cells["closed"], [cell for _reason, cell in closed], 0),
                   (cells["linkages"], [cell for _domain, cell in by_domain], 0)]
        protect_all(groups)
        for (_key, num, den, _label), (_k, _l, cell) in zip(RATIOS, ratios):  # a rate shows its counts
            if cells[num].suppressed or cells[den].suppressed:
                _hide(cell)
    # Sorted once suppression is settled, so a hidden cell's place in the order does not hint at its size.
    largest_first = lambda item: -(item[1].value or 0)  # noqa: E731
    closed, by_domain = sorted(closed, key=largest_first), sorted(by_domain, key=largest_first)
    return {"sections": rows, "ratios": ratios, "closed_by": closed, "by_domain": by_domain, "krw": krw,
            "answer_median": median_cell(merged["answer_days"], suppress),
            "orgs_per_conference": mean_cell(counts.get("conference_orgs", 0), counts.get("conferences_held", 0),
                                             suppress)}


def breakdown(result: dict, orgs: dict, dimension: str, key: str, suppress: bool,
              total: Cell | None = None) -> list[tuple[str, Cell]]:
    """One figure per group of organisations, largest first; with `total` (the district's figure as
    shown), one suppressed group takes the next-smallest with it."""
    groups: dict[str, list[int]] = {}
    for org_id, org in orgs.items():
        groups.setdefault(group_of(org, dimension), []).append(org_id)
    ratio = {r[0]: r for r in RATIOS}.get(key)
    rows = []
    for name, ids in groups.items():
        counts = merge(result, ids)["counts"]
        if ratio:
            cell = ratio_cell(counts.get(ratio[1], 0), counts.get(ratio[2], 0), suppress)
        else:
            cell = count_cell(counts.get(key, 0), suppress)
        if cell.value or cell.suppressed:
            rows.append((name, cell))
    if suppress and total is not None:
        protect_all([(total, [cell for _name, cell in rows], 0)])
    return sorted(rows, key=lambda row: (-(row[1].value or 0), row[0]))


def bars(rows: list[tuple[str, Cell]], width: int = 520, bar_height: int = 22, label_width: int = 170) -> dict:
    """Geometry for a horizontal bar chart (SVG drawn by the template); suppressed cells get no bar."""
    top = max([cell.value or 0 for _name, cell in rows] + [1])
    scale = (width - label_width - 90) / top
    items = []
    for index, (name, cell) in enumerate(rows):
        length = round((cell.value or 0) * scale, 1)
        items.append({"name": name, "text": cell.text, "y": index * (bar_height + 6), "length": length,
                      "x": label_width, "text_x": label_width + length + 6})
    return {"width": width, "height": max(len(rows), 1) * (bar_height + 6), "bar_height": bar_height,
            "label_width": label_width, "items": items}
