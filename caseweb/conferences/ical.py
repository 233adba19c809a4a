"""iCalendar (RFC 5545) files: one conference, or an organisation's upcoming ones.

A calendar file leaves the system (phones, shared calendars), so it carries no personal
data: the kind, the host organisation, time, place and a link, never a case, a
household, a question or a person's name.
"""
from datetime import timedelta

from flask import url_for
from flask_babel import force_locale
from icalendar import Calendar, Event

from ..models import Conference

STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}


def _event(conference: Conference, host: str) -> Event:
    event = Event()
    with force_locale("ko"):
        event.add("summary", f"{conference.kind_label} · {conference.host_org.name}")
    event.add("uid", f"conference-{conference.id}@{host}")
    event.add("dtstart", conference.starts_at)
    event.add("dtend", conference.starts_at + timedelta(minutes=conference.minutes_long))
    event.add("dtstamp", conference.created_at)
    event.add("status", STATUS.get(conference.status, "CONFIRMED"))
    if conference.place:
        event.add("location", conference.place)
    link = url_for("conferences.show", conference_id=conference.id, _external=True)
    event.add("url", link)
    event.add("description", link + (f"\n{conference.online_url}" if conference.online_url else ""))
    return event


def calendar_for(conferences, host: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//caseweb//conferences//KO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for conference in conferences:
        cal.add_component(_event(conference, host))
    return cal.to_ical()
