"""Templates render; they do not load data. The views prepare what the panels show.

Two checks: rendering each panel (the block htmx gets) from the data its view prepared runs no SQL; and no
template global of caseweb runs SQL while pages that use them are rendered.
"""
from contextlib import contextmanager

import pytest
from jinja2_fragments.flask import render_block
from flask_login import login_user
from sqlalchemy import event

from caseweb.consents.panel import consent_panel
from caseweb.extensions import db
from caseweb.notifications import services as notices
from caseweb.referrals import services as referrals
from caseweb.referrals.panel import team_panel


@contextmanager
def statements():
    """The SQL statements run inside the block."""
    seen = []

    def listener(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@pytest.fixture()
def world(make):
    lead, partner = make.org(name="한빛1동 행정복지센터"), make.org(name="한빛종합사회복지관")
    supervisor = make.user(lead, "supervisor")
    worker = make.user(lead)
    case = make.case(lead, manager=worker, status="service")
    consent = make.consent(case.household, [partner], user=worker)
    make.consent(case.household, [partner], kind="collect_use", user=worker).revoked_by_id = worker.id
    make.partner(case, partner)
    db.session.flush()
    return {"lead": lead, "partner": partner, "supervisor": supervisor, "worker": worker, "case": case,
            "consent": consent}


def _as(app, user):
    ctx = app.test_request_context()
    ctx.push()
    login_user(user)
    return ctx


def test_team_panel_renders_without_a_query(app, world):
    ctx = _as(app, world["supervisor"])
    try:
        referrals.assign(world["case"], world["supervisor"], world["worker"])
        db.session.expunge_all()  # as in a fresh request: nothing loaded yet
        case = db.session.get(type(world["case"]), world["case"].id)
        panel = team_panel(case)
        with statements() as seen:
            html = render_block("referrals/case_panel.html", "panel", case=case, team_p=panel)
        assert "한빛종합사회복지관" in html and world["worker"].name in html  # team and history rendered
        assert seen == []
    finally:
        ctx.pop()


def test_consent_panel_renders_without_a_query(app, world):
    ctx = _as(app, world["worker"])
    try:
        db.session.expunge_all()
        household = db.session.get(type(world["case"].household), world["case"].household_id)
        panel = consent_panel(household)
        with statements() as seen:
            html = render_block("consents/household.html", "panel", household=household, consent_p=panel)
        assert "한빛종합사회복지관" in html and f'id="consent-{world["consent"].id}"' in html
        assert seen == []
    finally:
        ctx.pop()


def test_no_template_global_runs_a_query(app, world, login, monkeypatch):
    """Every caseweb function Jinja can call is watched while real pages render."""
    notices.notify([world["worker"]], "assigned", world["case"].number, "/")
    db.session.commit()
    running, offenders, called = [], [], set()
    watched = {name: fn for name, fn in app.jinja_env.globals.items()
               if callable(fn) and getattr(fn, "__module__", "").startswith("caseweb")}
    assert "notification_message" in watched  # the test sees caseweb's globals

    def watch(name, fn):
        def wrapper(*args, **kwargs):
            running.append(name)
            called.add(name)
            try:
                return fn(*args, **kwargs)
            finally:
                running.pop()
        if hasattr(fn, "jinja_pass_arg"):  # keep pass_context for wrapped gettext
            wrapper.jinja_pass_arg = fn.jinja_pass_arg
        return wrapper
    for name, fn in watched.items():
        monkeypatch.setitem(app.jinja_env.globals, name, watch(name, fn))

    def listener(conn, cursor, statement, *args):
        if running:
            offenders.append((running[-1], statement))
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        c = login(world["worker"])
        case, household = world["case"], world["case"].household
        for url in ("/", f"/cases/{case.id}", f"/households/{household.id}", "/notifications/",
                    f"/referrals/case/{case.id}", f"/consents/household/{household.id}", "/referrals/"):
            assert c.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert "notification_message" in called
    assert offenders == []
