"""The fictional demo district 한빛구: `flask --app app demo-data` loads it (see DEMO.md).

Deterministic for a seed and a day: Faker("ko_KR") and random.Random are both seeded,
and every date is relative to today so that some work is overdue and some upcoming.
"""
from time import perf_counter

import click
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Organization
from ..security import hash_password
from ..timeutil import seoul_today
from .cases import new_case, pick_status, recompute_all
from .collaboration import build_consents, generic_collaboration
from .conferences import build_conferences
from .context import Demo
from .households import make_household, pick_type
from .notify import build_notifications, build_transition_events
from .orgs import DISTRICT_NAME, DONGS, build_list_options, build_orgs, build_users, center_for, dong_slug
from .people import rrn_protector
from .records import build_records, make_needs
from .resources import build_directory
from .screening import build_screening
from .stories import build_stories
from .workload import build_workload

# Which programme usually takes which household (weights).
PROGRAMMES_BY_TYPE = {
    "elderly_alone": {"integrated": 50, "welfare_center": 20, "elderly_care": 18, "visiting_health": 8,
                      "medical_aid": 4},
    "elderly_couple": {"integrated": 50, "welfare_center": 20, "visiting_health": 15, "elderly_care": 15},
    "single_parent": {"integrated": 50, "welfare_center": 25, "dream_start": 15, "self_sufficiency": 10},
    "grandparent": {"integrated": 40, "dream_start": 40, "welfare_center": 20},
    "young_single": {"integrated": 50, "welfare_center": 15, "self_sufficiency": 15, "mental_health": 15,
                     "addiction": 5},
    "middle_single": {"integrated": 50, "welfare_center": 15, "self_sufficiency": 10, "addiction": 10,
                      "medical_aid": 10, "mental_health": 5},
    "disabled": {"integrated": 60, "welfare_center": 25, "visiting_health": 15},
    "multicultural": {"integrated": 50, "welfare_center": 30, "dream_start": 20},
    "general": {"integrated": 60, "welfare_center": 30, "child_protection": 10},
}
# The first generic households cover every programme and status, so even a small demo shows all.
COVERAGE = [("elderly_care", "elderly_alone"), ("visiting_health", "elderly_couple"),
            ("self_sufficiency", "young_single"), ("mental_health", "young_single"),
            ("addiction", "middle_single"), ("medical_aid", "middle_single"), ("dream_start", "multicultural"),
            ("child_protection", "general"), ("welfare_center", "single_parent"), ("private", "general"),
            ("integrated", "elderly_alone")]
STATUS_ORDER = ["screening", "intake", "assessed", "planning", "service", "linkage", "closed",
                "follow_up", "completed"]
PROGRAMME_LEADS = {"dream_start": "dream", "elderly_care": "elder", "visiting_health": "health",
                   "medical_aid": "medaid", "self_sufficiency": "jahwal", "mental_health": "mind",
                   "addiction": "addict", "child_protection": "childprot", "private": "debt"}
PREFERRED_MANAGER = {"dong1": "dong1", "center1": "center1", "dream": "dream1", "hope": "hope1"}


class DemoAlreadyLoaded(click.ClickException):
    """The demo district is there already; loading twice would clash on names."""


def load_demo(households: int = 300, seed: int = 2026, commit: bool = True) -> dict:
    """Build the demo district; returns row counts. commit=False only flushes (tests)."""
    started = perf_counter()
    if db.session.scalar(select(Organization.id).where(Organization.name == DISTRICT_NAME)):
        raise DemoAlreadyLoaded("the demo district is already loaded")
    save = db.session.commit if commit else db.session.flush
    demo = Demo(seed=seed, today=seoul_today(), rrn_protect=rrn_protector(),
                password_hash=hash_password(current_app.config["DEMO_PASSWORD"]))
    build_orgs(demo)
    build_list_options(demo)
    db.session.flush()
    build_users(demo)
    save()

    build_stories(demo)
    build_workload(demo)
    for i in range(max(households - demo.counts["households"], 0)):
        _generic_household(demo, i)
    db.session.flush()  # records below need the cases' ids
    for original, rerouted in demo.reroutes:
        original.rerouted_to_id = rerouted.id
    build_transition_events(demo)
    for draft in demo.drafts:
        build_records(demo, draft)
        build_consents(demo, draft)
    save()

    recompute_all(demo)
    db.session.flush()
    build_conferences(demo)
    build_screening(demo)
    build_notifications(demo)
    build_directory(demo)
    save()
    demo.counts.pop("open_referrals", None)
    demo.counts["seconds"] = round(perf_counter() - started, 1)
    return dict(demo.counts)


def _generic_household(demo, i: int) -> None:
    dong = DONGS[i % len(DONGS)]
    if i < len(COVERAGE):
        programme, htype = COVERAGE[i]
    else:
        htype = pick_type(demo)
        weights = PROGRAMMES_BY_TYPE[htype]
        programme = demo.rng.choices(list(weights), list(weights.values()))[0]
    status = STATUS_ORDER[i] if i < len(STATUS_ORDER) else pick_status(demo)
    needs, crisis = make_needs(demo, htype)
    lead = _lead(demo, programme, dong, status, crisis)
    household = make_household(demo, dong, htype, created_by=demo.orgs[lead],
                               with_rrn=demo.orgs[lead].rrn_allowed and demo.chance(0.88),
                               children=_children_for(demo, programme, htype))
    manager = _manager(demo, lead, status)
    draft = new_case(demo, household, programme=programme, lead=lead, status=status, needs=needs,
                     crisis=crisis, manager=manager)
    generic_collaboration(demo, draft)
    # Some older people are served by the dong office and 노인맞춤돌봄 at once: a second case.
    if htype == "elderly_alone" and programme == "integrated" and status == "service" and demo.chance(0.3):
        second = new_case(demo, household, programme="elderly_care", lead="elder", status="service",
                          needs=needs, crisis=crisis, kind="case_management")
        generic_collaboration(demo, second)


def _children_for(demo, programme: str, htype: str) -> list[int] | None:
    """Children's programmes serve a child of their age: 드림스타트 0–12, 아동보호 under 18.

    Ages count from the identity epoch and drift a year a year, so the youngest stays well under 12.
    """
    if programme == "dream_start" and htype in ("single_parent", "grandparent", "multicultural", "general"):
        return [demo.rng.randint(1, 8)] + ([demo.rng.randint(1, 16)] if demo.chance(0.4) else [])
    if programme == "child_protection" and htype in ("single_parent", "general", "multicultural"):
        return [demo.rng.randint(2, 15)]
    return None


def _lead(demo, programme, dong, status, crisis) -> str:
    if programme == "integrated":
        selected = status not in ("screening", "intake", "assessed")
        if selected and crisis in ("high", "urgent") and demo.chance(0.6):
            return "hope"
        return dong_slug(dong)
    if programme == "welfare_center":
        return center_for(demo, dong)
    return PROGRAMME_LEADS[programme]


def _manager(demo, lead, status):
    preferred = PREFERRED_MANAGER.get(lead)
    if preferred and demo.chance(0.7):
        return demo.users[preferred]
    return None  # new_case picks one of the org's staff
