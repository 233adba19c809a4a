"""성과 지표: figures for a period, the list behind each figure, downloads with a stated reason."""
from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..audit import log_access
from ..authz import get_list_or_404, role_required
from ..extensions import db
from ..htmx import render
from ..screening.forms import ReasonForm
from . import bp, exports, lists
from .figures import FIGURES, PENDING, RATIOS
from .periods import parse_period
from .summary import compute
from .tables import DIMENSIONS, bars, breakdown, merge, orgs_by_id, summary

READERS = ("supervisor", "admin")
# Short stage names for the chart; the figures table says exactly what each counts.
FUNNEL = (("screened", _l("Screened")), ("funnel_selected", _l("Selected for support")),
          ("funnel_linked", _l("Linked to a service")))


def views_for(user) -> list[str]:
    """'district': every organisation, aggregates only; 'org': the own organisation with its lists."""
    if user.role == "admin":
        return ["district"]
    if user.role == "supervisor":
        return ["district", "org"] if user.org.kind == "district" else ["org"]
    return []


def _context():
    period = parse_period(request.args)
    allowed = views_for(current_user)
    if not allowed:
        abort(403)
    view = request.args.get("view", allowed[0])
    view = view if view in allowed else allowed[0]
    org_ids = None if view == "district" else [current_user.org_id]
    return period, view, allowed, org_ids


def report_data(period, view, org_ids, dimension, key):
    result = compute(period, org_ids)
    suppress = view == "district"
    orgs = orgs_by_id() if view == "district" else {current_user.org_id: current_user.org}
    merged = merge(result, list(orgs))
    table = summary(merged, suppress)
    counts = {k: cell for rows in table["sections"].values() for k, _label, cell in rows}
    funnel_rows = [(str(label), counts[k]) for k, label in FUNNEL]
    shown = {**counts, **{k: cell for k, _label, cell in table["ratios"]}}
    rows = breakdown(result, orgs, dimension, key, suppress, shown.get(key)) if view == "district" else []
    return {"pending": PENDING, "table": table, "funnel": bars(funnel_rows), "funnel_rows": funnel_rows,
            "breakdown": rows, "breakdown_chart": bars(rows), "suppress": suppress}


def _choices():
    keys = [(f.key, f.label) for f in FIGURES] + [(r[0], r[3]) for r in RATIOS]
    return keys


@bp.route("/")
@role_required(*READERS)
def index():
    """The indicators for a period, with the funnel and a breakdown by organisation, zone, programme or sector."""
    period, view, allowed, org_ids = _context()
    dimension = request.args.get("by", "org")
    dimension = dimension if dimension in DIMENSIONS else "org"
    key = request.args.get("figure", "intakes")
    key = key if key in dict(_choices()) else "intakes"
    data = report_data(period, view, org_ids, dimension, key)
    log_access("report_view", target=f"reports:{view}")
    db.session.commit()
    return render("reports/index.html", block="report", period=period, view=view, allowed=allowed,
                  dimension=dimension, dimensions=DIMENSIONS, key=key, choices=_choices(),
                  reason_form=ReasonForm(), **data)


@bp.route("/list")
@role_required("supervisor")
def drill_list():
    """The cases, entries or referrals behind one figure of the own organisation."""
    period = parse_period(request.args)
    key = request.args.get("figure", "")
    found = lists.load(key, period, current_user.org_id)
    if found is None:
        abort(404)
    lists.log_read(found, key)
    db.session.commit()
    return render("reports/list.html", period=period, key=key, label=lists.label(key), found=found,
                  reason_form=ReasonForm())


def _reason_or_422():
    form = ReasonForm()
    fmt = request.form.get("format", "xlsx")
    if not form.validate_on_submit() or fmt not in exports.FORMATS:
        return None, None, form
    return form.reason.data.strip(), fmt, form


@bp.route("/export", methods=["POST"])
@role_required(*READERS)
def export():
    """The figures table as XLSX or CSV; the stated reason goes into the access log."""
    period, view, allowed, org_ids = _context()
    reason, fmt, form = _reason_or_422()
    if reason is None:
        return render("reports/reason.html", status=422, form=form,
                      action=url_for("reports.export", view=view, **period.query()))
    data = report_data(period, view, org_ids, "org", "intakes")
    header, rows = lists.figure_rows(data["table"], period)
    log_access("report_export", target=f"reports:{view}:{fmt}", reason=reason)
    db.session.commit()
    return exports.download(fmt, "caseweb-report", _("Indicators"), header, rows)


@bp.route("/list/export", methods=["POST"])
@role_required("supervisor")
def export_list():
    """The list behind a figure as XLSX or CSV, for a stated reason (logged per household)."""
    period = parse_period(request.args)
    key = request.args.get("figure", "")
    found = lists.load(key, period, current_user.org_id)
    if found is None:
        abort(404)
    reason, fmt, form = _reason_or_422()
    if reason is None:
        return render("reports/reason.html", status=422, form=form,
                      action=url_for("reports.export_list", figure=key, **period.query()))
    header, rows = lists.export_rows(found)
    lists.log_read(found, key, action="report_list_export", reason=reason)
    db.session.commit()
    return exports.download(fmt, f"caseweb-{key}", str(lists.label(key))[:31], header, rows)


@bp.route("/screening/<int:list_id>/export", methods=["POST"], endpoint="export_screening")
@role_required("supervisor")
def export_screening(list_id):
    """A discovery list's entries this organisation may see, for a stated reason."""
    screening_list = get_list_or_404(list_id)
    reason, fmt, form = _reason_or_422()
    if reason is None:
        return render("reports/reason.html", status=422, form=form,
                      action=url_for("reports.export_screening", list_id=list_id))
    header, rows = lists.screening_rows(screening_list, current_user.org_id)
    log_access("screening_export", target=f"screening_list:{list_id}:{fmt}", reason=reason)
    db.session.commit()
    return exports.download(fmt, f"caseweb-screening-{list_id}", screening_list.title, header, rows)
