"""Conferences: list, month calendar, scheduling, the conference page, invitations, agenda, holding."""
from datetime import date

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import authz
from ..audit import log_access
from ..authz import get_conference_or_404, role_required, write_required
from ..extensions import db
from ..htmx import render
from ..models import Case, Conference, Organization, User
from ..timeutil import seoul_today
from . import bp, queries, services
from .forms import AgendaForm, ConferenceForm, InviteOrgForm, InvitePersonForm, ReasonForm
from .page import done, render_page
from .services import ConferenceRefused


def _log_case(action: str, conference, case) -> None:
    log_access(action, household_id=case.household_id, case_id=case.id, target=f"conference:{conference.id}")


def _refused(conference, exc: ConferenceRefused, status: int = 409, **forms):
    """A refused step changes nothing: roll back, show the page again with the message and the form as typed."""
    db.session.rollback()
    conference = get_conference_or_404(conference.id)
    log_access("conference_change_refused", target=f"conference:{conference.id}")
    return render_page(conference, status=status, message=exc.message, **forms)


def step(conference, call, message, anchor="", log=None, **forms):
    """One change to a conference: refused, the page again with the message and the forms as typed;
    else `log(result)`, commit, and back to the page (or to the conference `call` returned).
    `message` and `anchor` may be functions of the result."""
    try:
        result = call()
    except ConferenceRefused as exc:
        return _refused(conference, exc, **forms)
    if log:
        log(result)
    db.session.commit()
    target = result if isinstance(result, Conference) else conference
    return done(target, message(result) if callable(message) else message,
                anchor(result) if callable(anchor) else anchor)


@bp.route("/")
@role_required(*authz.CASE_ROLES)
def index():
    """Upcoming (or past) conferences the organisation hosts or is invited to."""
    when = "past" if request.args.get("when") == "past" else "upcoming"
    items = queries.conference_list(current_user.org_id, when)
    return render("conferences/index.html", block="list", items=items, when=when)


@bp.route("/calendar")
@role_required(*authz.CASE_ROLES)
def month():
    """A month calendar (KST) of the organisation's conferences."""
    today = seoul_today()
    try:
        year, mon = (int(x) for x in request.args.get("month", f"{today.year}-{today.month}").split("-"))
        first = date(year, mon, 1)
    except ValueError:
        abort(404)
    prev = date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
    nxt = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return render("conferences/calendar.html", block="calendar", weeks=queries.month_grid(
        current_user.org_id, first.year, first.month), first=first, prev=prev, next=nxt, today=today)


@bp.route("/new", methods=["GET", "POST"])
@write_required
def new():
    """Schedule a conference hosted by the user's organisation."""
    form = ConferenceForm().set_orgs(o for o in queries.active_orgs() if o.id != current_user.org_id)
    status, message = 200, None
    if request.method == "POST":
        if form.validate():
            try:
                conference = services.schedule(
                    current_user, kind=form.kind.data, title=form.title.data, starts_at=form.starts_at(),
                    minutes_long=form.minutes_long.data, place=form.place.data, online_url=form.online_url.data,
                    org_ids=form.org_ids.data or [], recurrence=form.recurrence.data or None,
                    repeat=form.repeat.data or 0 if form.recurrence.data else 0)
            except ConferenceRefused as exc:
                db.session.rollback()
                status, message = 409, exc.message
            else:
                db.session.commit()
                return done(conference, _("Conference scheduled."))
        else:
            status = 422
    return render("conferences/new.html", status=status, form=form, message=message)


@bp.route("/<int:conference_id>")
@role_required(*authz.CASE_ROLES)
def show(conference_id):
    """The conference: details, invitations, the agenda (restricted rows as "비공개 사례"), minutes."""
    conference = get_conference_or_404(conference_id)
    return render_page(conference)


@bp.route("/<int:conference_id>/invite-org", methods=["POST"])
@write_required
def invite_org(conference_id):
    """Invite an organisation (host only)."""
    conference = get_conference_or_404(conference_id)
    form = InviteOrgForm().set_orgs(queries.invitable_orgs(conference))
    if not form.validate() or not form.org_id.data:
        return _refused(conference, ConferenceRefused(_("Choose an organisation.")), 422, invite_org_form=form)
    return step(conference, lambda: services.invite_org(
        conference, current_user, db.session.get(Organization, form.org_id.data)),
        _("Organisation invited."), "#invitations", invite_org_form=form)


@bp.route("/<int:conference_id>/invite-person", methods=["POST"])
@write_required
def invite_person(conference_id):
    """Invite a person of a participating organisation, or an external attendee without an account."""
    conference = get_conference_or_404(conference_id)
    form = InvitePersonForm().set_people(queries.participant_people(conference))
    if not form.validate():
        return _refused(conference, ConferenceRefused(_("Check the attendee's details.")), 422,
                        invite_person_form=form)
    person = db.get_or_404(User, form.user_id.data) if form.user_id.data else None
    return step(conference, lambda: services.invite_person(
        conference, current_user, person, name=form.name.data, affiliation=form.affiliation.data, role=form.role.data),
        _("Attendee added."), "#invitations", invite_person_form=form)


@bp.route("/<int:conference_id>/agenda", methods=["POST"])
@write_required
def add_case(conference_id):
    """Put one of our cases on the agenda, with the question to decide."""
    conference = get_conference_or_404(conference_id)
    form = AgendaForm().set_cases(queries.proposable_cases(conference, current_user.org_id))
    if not form.validate():
        return _refused(conference, ConferenceRefused(_("Choose a case and enter the question to decide.")), 422,
                        agenda_form=form)
    case = db.session.get(Case, form.case_id.data)
    return step(conference, lambda: services.add_case(conference, current_user, case, form.question.data),
                _("Case added to the agenda."), lambda item: f"#item-{item.id}",
                log=lambda _item: _log_case("conference_agenda_add", conference, case), agenda_form=form)


@bp.route("/<int:conference_id>/agenda/<int:item_id>/remove", methods=["POST"])
@write_required
def remove_case(conference_id, item_id):
    """Take a case off the agenda."""
    conference = get_conference_or_404(conference_id)
    item = queries.visible_item_or_404(conference, item_id, current_user.org_id)
    case = item.case
    return step(conference, lambda: services.remove_case(conference, current_user, item),
                _("Case taken off the agenda."), "#agenda",
                log=lambda _result: _log_case("conference_agenda_remove", conference, case))


@bp.route("/<int:conference_id>/hold", methods=["POST"])
@write_required
def hold(conference_id):
    """Mark the conference as held, with who attended."""
    conference = get_conference_or_404(conference_id)
    orgs = {int(v) for v in request.form.getlist("attended_org") if v.isdigit()}
    people = {int(v) for v in request.form.getlist("attended_person") if v.isdigit()}
    return step(conference, lambda: services.hold(conference, current_user, orgs, people),
                _("The conference is marked as held. Record the minutes, then confirm them."),
                log=lambda _result: log_access("conference_held", target=f"conference:{conference.id}"))


@bp.route("/<int:conference_id>/cancel", methods=["POST"])
@write_required
def cancel(conference_id):
    """Cancel a scheduled conference."""
    conference = get_conference_or_404(conference_id)
    form = ReasonForm()
    return step(conference, lambda: services.cancel(conference, current_user, form.reason.data),
                _("Conference cancelled."))


@bp.route("/<int:conference_id>/next", methods=["POST"])
@write_required
def schedule_next(conference_id):
    """Create the next date of this conference's recurring schedule."""
    conference = get_conference_or_404(conference_id)
    def schedule():
        if not services.is_host(conference, current_user):
            raise ConferenceRefused(_("Only the host organisation can do this."))
        return services.schedule_next(conference.series, current_user)
    return step(conference, schedule, _("The next date was created."))
