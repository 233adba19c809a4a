"""Stored HTML/htmx injection: no text a user typed ever becomes markup.

Every free-text column of the demo district is overwritten with an HTML + `hx-*`
payload; then every page and fragment (the whole url_map, with real ids, plain
and as htmx) is rendered as each role of a lead organisation, a partner and an
admin, and every form is posted back invalid. The parsed DOM must not contain a
single element that carries a payload attribute. A new String/Text column must
be classified below, so it cannot be forgotten.
"""
import re
from html.parser import HTMLParser
from itertools import product

import pytest
from sqlalchemy import String, Text, select, update

from caseweb.admin.list_services import MANAGED_LISTS
from caseweb.authz import visible_case_clause, visible_household_clause
from caseweb.demo import load_demo
from caseweb.extensions import db
from caseweb.models import (
    AccessLog, Assessment, Case, Consent, Goal, Household, HouseholdMember, ListOption, Note, Notification,
    Organization, PlannedService, Transition, User, Zone)
from caseweb.models.conference import ActionItem, AgendaItem, Attendee, Conference, ConferenceLog, Decision
from caseweb.models.resource import Linkage, Resource, ResourceNews, ResourceProvider
from caseweb.models.retention import DestructionRecord
from caseweb.models.screening import ScreeningEntry, ScreeningImport, ScreeningList

from .conftest import AuthActions
from .factories import Factory

MARK = "data-pwn"
LONG = f'</option></select></textarea>"\'><b {MARK} hx-post=/pwn hx-trigger=load><img src=x onerror=pwn()>'
SHORT = f'"\'><b {MARK} hx-get=/pwn>'

# Columns a person types (or an admin names): each gets the payload.
FREE_TEXT = {
    Household: ["head_name", "address", "dong", "phone", "notes"],
    HouseholdMember: ["name", "relation", "notes"],
    Organization: ["name", "dong", "phone", "address"],
    Zone: ["name"],
    User: ["username", "name", "email", "phone"],
    Case: ["source", "closure_reason", "closure_requested_reason", "closure_requested_comment"],
    ListOption: ["label"],
    Consent: ["purpose", "items", "guardian_name", "guardian_relation", "revoke_reason", "scan_filename"],
    Assessment: ["strengths", "summary"],
    Goal: ["text"],
    PlannedService: ["service", "provider_name"],
    Note: ["body"],
    Transition: ["reason", "decline_reason", "response", "result"],
    Notification: ["message"],
    AccessLog: ["target", "reason"],
    Conference: ["title", "place", "online_url"],
    AgendaItem: ["question", "discussion"],
    Attendee: ["name", "affiliation", "role"],
    ConferenceLog: ["reason"],
    ActionItem: ["what"],
    Decision: ["reason", "note"],
    ResourceProvider: ["name", "description", "phone", "website", "address"],
    Resource: ["name", "description", "eligibility", "cost", "how_to_apply", "documents", "contact", "schedule",
               "unit"],
    Linkage: ["resource_name", "provider_name", "note", "cancel_reason"],
    ResourceNews: ["title", "body"],
    ScreeningList: ["title"],
    ScreeningEntry: ["name", "address", "dong", "phone", "reason", "outcome_note"],
    ScreeningImport: ["title"],
    DestructionRecord: ["lead_org_name", "purged_by"],
}
# Routes' id arguments of other features: a few real ids of each.
ID_MODELS = {"conference_id": Conference, "item_id": AgendaItem, "decision_id": Decision, "action_id": ActionItem,
             "resource_id": Resource, "list_id": ScreeningList, "entry_id": ScreeningEntry,
             "import_id": ScreeningImport}
# Columns the application fills from fixed lists, digits or hashes: never typed.
CODES = {
    "households.number", "households.head_name_norm", "households.gender", "households.rrn_blind_index",
    "households.rrn_masked", "households.phone_digits", "households.household_type", "households.income_status",
    "organizations.kind", "organizations.sector", "organizations.programme", "users.role", "users.password_hash",
    "cases.number", "cases.programme", "cases.kind", "cases.level", "cases.status", "case_team.role",
    "case_team.via", "case_events.action", "list_options.list_name", "consents.kind", "consents.scope",
    "consents.scan_path", "consents.scan_mime", "assessments.kind", "assessments.crisis_level",
    "assessments.suggested_level", "goals.domain", "planned_services.domain", "notes.kind", "transitions.kind",
    "transitions.status", "transitions.declined_by", "notifications.kind", "notifications.link",
    "notifications.case_number", "access_logs.ip", "access_logs.action", "user_sessions.token_hash",
    "user_sessions.ended_reason", "user_sessions.ip", "role_changes.old_role", "role_changes.new_role",
    "household_name_grams.gram", "case_name_grams.gram", "conference_series.rule", "conferences.kind", "conferences.status",
    "conference_log.action", "conference_decisions.kind", "conference_decisions.selection_kind",
    "conference_decisions.level", "resource_providers.sector", "resources.name_norm", "resources.search_norm",
    "resources.domain", "resources.subdomain", "resources.dongs", "resources.status", "resources.capacity_kind",
    "linkages.sector", "linkages.domain", "resource_edits.action", "resource_grams.gram",
    "screening_lists.source", "screening_entries.name_norm", "screening_entries.rrn_blind_index",
    "screening_entries.rrn_masked", "screening_entries.outcome", "screening_imports.source",
    "screening_imports.status", "destruction_records.case_number", "destruction_records.programme",
    "destruction_records.counts",
    "access_logs.chain", "form_submissions.token", "form_submissions.kind",
    # Precomputed indicators: figure keys, and details copied from coded columns (closure reason
    # from the managed list, need domain, days to answer as a number).
    "report_days.figure", "report_days.detail", "report_months.figure", "report_months.detail",
    "report_state.settings",
}
UNIQUE = {(Organization, "name"), (Zone, "name"), (User, "username"), (ListOption, "label"), (ResourceProvider, "name")}


class _Elements(HTMLParser):
    """Collects every start tag that carries a payload attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if MARK in names or "onerror" in names:
            self.injected.append((tag, attrs))

    handle_startendtag = handle_starttag


def injected_elements(html: str) -> list:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.injected


def _payload_for(column, unique: bool, row_id: int) -> str:
    length = getattr(column.type, "length", None)
    suffix = str(row_id) if unique else ""
    text = LONG if length is None or length >= len(LONG) + len(suffix) else SHORT
    return (text + suffix)[:length] if length else text + suffix


def poison_everything() -> None:
    """Put the payload into every free-text column of every row."""
    for model, names in FREE_TEXT.items():
        for name in names:
            column = model.__table__.c[name]
            unique = (model, name) in UNIQUE
            for row_id in db.session.scalars(select(model.id).where(column.is_not(None))
                                             if name != "scan_filename" else select(model.id)):
                db.session.execute(update(model).where(model.id == row_id).values(
                    {name: _payload_for(column, unique, row_id)}))
    # Every consent has a scan, so its file name is shown.
    db.session.execute(update(Consent).values(scan_path="consents/x.pdf", scan_mime="application/pdf",
                                              scan_size=10))
    db.session.expire_all()


def _ids(user) -> dict[str, list[int]]:
    """Real ids this user's organisation can reach, a few of each kind."""
    org = user.org_id
    cases = list(db.session.scalars(select(Case.id).where(visible_case_clause(org)).order_by(Case.id)))
    households = list(db.session.scalars(select(Household.id).where(visible_household_clause(org))
                                         .order_by(Household.id)))
    transitions = list(db.session.scalars(select(Transition.id).where(
        Transition.kind.in_(("referral", "transfer")),
        (Transition.from_org_id == org) | (Transition.to_org_id == org)).order_by(Transition.status, Transition.id)))
    notes = list(db.session.execute(select(Note.case_id, Note.id).where(Note.org_id == org).limit(2)))
    linkages = list(db.session.execute(select(Linkage.case_id, Linkage.id).where(
        Linkage.org_id == org, Linkage.in_force(), Linkage.case_id.in_(cases)).limit(2)))
    consents = list(db.session.scalars(select(Consent.id).where(Consent.household_id.in_(households[:3]))))
    return {
        # Cases in different states, with and without plans and notes.
        "case_id": _spread(cases, 5), "household_id": _spread(households, 3),
        "transition_id": _spread(transitions, 6), "consent_id": consents[:2],
        "notification_id": list(db.session.scalars(select(Notification.id).where(
            Notification.user_id == user.id).limit(1))),
        "org_id": list(db.session.scalars(select(Organization.id).limit(2))),
        "user_id": list(db.session.scalars(select(User.id).limit(2))),
        "zone_id": list(db.session.scalars(select(Zone.id).limit(1))),
        "option_id": list(db.session.scalars(select(ListOption.id).limit(2))),
        "_notes": notes, "_linkages": linkages,
        **{arg: list(db.session.scalars(select(model.id).order_by(model.id).limit(2)))
           for arg, model in ID_MODELS.items()},
    }


def _spread(ids, n):
    if len(ids) <= n:
        return ids
    step = len(ids) / n
    return [ids[int(i * step)] for i in range(n)]


def _urls(app, ids, methods):
    """Every url of the url_map for `methods`, filled with the given ids (any() with each choice)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout", "auth.language") or not (rule.methods & methods):
            continue
        choices = []
        in_path = sorted(set(rule.arguments) - set(rule.defaults or {}))
        for arg in in_path:
            converter = rule._converters[arg]
            if hasattr(converter, "items"):
                choices.append([(arg, v) for v in sorted(converter.items)])
            elif arg == "note_id":
                choices.append([("_note", n) for n in ids["_notes"]])
            elif arg == "linkage_id":  # a linkage is reached through its own case
                choices.append([("_linkage", n) for n in ids["_linkages"]])
            elif arg == "list_name":
                choices.append([(arg, name) for name in MANAGED_LISTS])
            else:
                choices.append([(arg, v) for v in ids.get(arg, [])])
        for combo in product(*choices):
            values = {}
            for arg, value in combo:
                if arg == "_note":
                    values.update(case_id=value.case_id, note_id=value.id)
                elif arg == "_linkage":
                    values.update(case_id=value.case_id, linkage_id=value.id)
                else:
                    values[arg] = value
            if ("note_id" in in_path or "linkage_id" in in_path) and values.get("case_id") is None:
                continue
            url = rule.rule
            for arg in in_path:
                url = re.sub(rf"<(?:[^>:]*:)?{arg}(?:\([^>]*\))?>", str(values[arg]), url)
            url = re.sub(r"<any\([^>]*\):(\w+)>", lambda m: str(values[m.group(1)]), url)
            yield rule, url


EXTRA_GETS = ["/households/?q=%3Cb+data-pwn%3E", "/cases/?q=%3Cb+data-pwn%3E", "/households/member-row?index=1"]
POSTED = {name: LONG for name in (
    "reason", "reason_text", "body", "result", "purpose", "items", "head_name", "address", "notes", "label",
    "name", "comment", "response", "guardian_name", "summary", "strengths", "service", "decline_reason")}


def _check(send, method, url, role, problems):
    """Send one request; note a server error or an element carrying a payload attribute."""
    try:
        response = send()
    except Exception as exc:  # TESTING re-raises: a 500 for a user
        db.session.rollback()
        problems.append(f"{role} {method} {url}: {type(exc).__name__}: {exc}")
        return
    if response.status_code >= 500:
        problems.append(f"{role} {method} {url}: {response.status_code}")
        return
    if "html" not in (response.content_type or ""):
        return
    found = injected_elements(response.get_data(as_text=True))
    if found:
        problems.append(f"{role} {method} {url}: {found[:2]}")


ROLES = ["dong1", "dong1lead", "viewer", "center1", "hope1", "dream1", "admin"]


def test_every_string_column_is_classified_as_free_text_or_code(app):
    classified = {f"{m.__tablename__}.{c}" for m, cols in FREE_TEXT.items() for c in cols} | CODES
    missing = [f"{table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns
               if isinstance(column.type, (String, Text)) and f"{table.name}.{column.name}" not in classified]
    assert not missing, f"classify these columns in tests/test_payload_injection.py: {missing}"


def _conference(app):
    """An integrated conference of dong1 with center1 invited, an external expert and a case on the agenda."""
    from datetime import datetime, timedelta

    from caseweb.conferences import services as conferences
    from caseweb.timeutil import SEOUL, seoul_today
    host = db.session.scalar(select(User).where(User.username == "dong1lead"))
    guest = db.session.scalar(select(User).where(User.username == "center1"))
    case = db.session.scalar(select(Case).where(Case.lead_org_id == host.org_id).order_by(Case.id).limit(1))
    with app.test_request_context("/"):
        starts = datetime.combine(seoul_today() + timedelta(days=2), datetime.min.time().replace(hour=14),
                                  tzinfo=SEOUL)
        conference = conferences.schedule(host, kind="integrated", title="회의", starts_at=starts, minutes_long=60,
                                          place="회의실", online_url=None, org_ids=[guest.org_id])
        conferences.invite_person(conference, host, name="외부 전문가", affiliation="대학", role="자문")
        Factory().consent(case.household, scope="network")  # so the case may go on the agenda
        conferences.add_case(conference, host, case, "논의할 점")
    db.session.flush()


def test_no_page_or_fragment_turns_stored_text_into_markup(app):
    load_demo(households=14, commit=False)
    _conference(app)
    clients = {}
    for role in ROLES:  # logged in first: the usernames are poisoned too
        user = db.session.scalar(select(User).where(User.username == role))
        client = app.test_client()
        assert AuthActions(client).login(role, app.config["DEMO_PASSWORD"]).status_code == 302
        clients[role] = (user, client)
    poison_everything()
    db.session.flush()
    problems, rendered, endpoints = [], 0, set()
    for role, (user, client) in clients.items():
        ids = _ids(user)
        pairs = list(_urls(app, ids, {"GET"}))
        endpoints |= {rule.endpoint for rule, _url in pairs}
        for url in [url for _rule, url in pairs] + EXTRA_GETS:
            for headers in ({}, {"HX-Request": "true"}):
                _check(lambda: client.get(url, headers=headers), "GET", url, role, problems)
                rendered += 1
    # Forms posted back invalid (or valid, with the payload) re-render what was typed.
    for role, (user, client) in clients.items():
        ids = _ids(user)
        for _rule, url in _urls(app, ids, {"POST"}):
            if url.startswith("/account/password"):
                continue
            for data, headers in (({}, {"HX-Request": "true"}), (POSTED, {})):
                _check(lambda: client.post(url, data=data, headers=headers), "POST", url, role, problems)
                rendered += 1
    assert rendered > 600, rendered
    # Every page and fragment was rendered with real ids by at least one role.
    # (Only routes whose kind of object the demo district has no row of at all are left out.)
    empty = {arg for arg, model in ID_MODELS.items() if not db.session.scalar(select(model.id).limit(1))}
    every_get = {r.endpoint for r in app.url_map.iter_rules()
                 if "GET" in r.methods and not set(r.arguments) & empty} - {"static"}
    assert not every_get - endpoints, f"never rendered: {sorted(every_get - endpoints)}"
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize("html, expected", [
    ("<p>&lt;b data-pwn&gt;</p>", 0),
    ('<input value="&lt;b data-pwn hx-get=/pwn&gt;">', 0),
    ("<option><b data-pwn hx-get=/pwn></option>", 1),
    ('<img src=x onerror="pwn()">', 1),
])
def test_the_checker_sees_injected_elements_and_only_those(html, expected):
    assert len(injected_elements(html)) == expected
