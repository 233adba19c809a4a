"""Outputs: printable minutes and attendance sheet, iCalendar files, the case page's conference history."""
from flask import make_response, request
from flask_login import current_user

from .. import authz
from ..audit import log_access
from ..authz import get_case_or_404, get_conference_or_404, role_required
from ..extensions import db
from ..htmx import render
from ..models import Organization
from ..models.org import PROGRAMMES
from ..models.records import CRISIS_LEVELS, NEED_LEVELS
from . import bp, ical, queries
from .page import labels
from ..cases.summary import case_summary


@bp.route("/<int:conference_id>/print")
@role_required(*authz.CASE_ROLES)
def print_minutes(conference_id):
    """The minutes for printing: restricted rows stay "비공개 사례"."""
    conference = get_conference_or_404(conference_id)
    rows = queries.agenda_rows(conference, current_user.org_id, log_as="conference_minutes_print")
    db.session.commit()
    return render("conferences/print.html", conference=conference, rows=rows,
                  actions=queries.visible_actions(conference, rows, current_user.org_id), **labels())


@bp.route("/<int:conference_id>/attendance")
@role_required(*authz.CASE_ROLES)
def attendance(conference_id):
    """The attendance sheet to sign: organisations and people, no case data."""
    conference = get_conference_or_404(conference_id)
    return render("conferences/attendance.html", conference=conference,
                  orgs=queries.participant_orgs(conference))


def _ics(body: bytes, filename: str):
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:conference_id>.ics")
@role_required(*authz.CASE_ROLES)
def ics(conference_id):
    """One conference as an iCalendar file (no personal data)."""
    conference = get_conference_or_404(conference_id)
    return _ics(ical.calendar_for([conference], request.host, conference.title), f"conference-{conference.id}.ics")


@bp.route("/feed.ics")
@role_required(*authz.CASE_ROLES)
def feed():
    """The organisation's upcoming conferences as one iCalendar feed."""
    org = db.session.get(Organization, current_user.org_id)
    conferences = [c for c in queries.conference_list(current_user.org_id, "upcoming", limit=200)
                   if c.status != "cancelled"]
    return _ics(ical.calendar_for(conferences, request.host, org.name), "conferences.ics")


@bp.route("/case/<int:case_id>")
@role_required(*authz.CASE_ROLES)
def case_history(case_id):
    """The conferences that discussed a case (a fragment for the case page, or a page of its own)."""
    case = get_case_or_404(case_id)
    rows = queries.case_conferences(case, current_user.org_id)
    log_access("conference_case_history", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    return render("conferences/case_history.html", block="history", case=case, rows=rows, **labels())


@bp.route("/<int:conference_id>/agenda/<int:item_id>/summary")
@role_required(*authz.CASE_ROLES)
def summary(conference_id, item_id):
    """One page about an agenda case, prepared from the case (what the reader may see of it)."""
    conference = get_conference_or_404(conference_id)
    item = queries.visible_item_or_404(conference, item_id, current_user.org_id)
    data = case_summary(item.case, current_user.org_id)
    log_access("conference_case_summary", household_id=item.case.household_id, case_id=item.case_id,
               target=f"conference:{conference.id}")
    db.session.commit()
    return render("conferences/summary.html", conference=conference, item=item, s=data,
                  crisis_levels=CRISIS_LEVELS, need_levels=NEED_LEVELS, programmes=PROGRAMMES, **labels())
