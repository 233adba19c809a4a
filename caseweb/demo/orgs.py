"""The fictional 한빛구: zones, organisations, staff accounts and managed lists."""
from sqlalchemy import select

from ..extensions import db
from ..models import ListOption, Organization, User, Zone
from ..timeutil import utcnow

ZONES = ["북부권역", "중부권역", "남부권역"]
DONG_COUNT = 12
DONGS = [f"한빛{n}동" for n in range(1, DONG_COUNT + 1)]
DISTRICT_NAME = "한빛구 희망복지지원단"

# slug: (name, kind, sector, programme, zone index or None, rrn_allowed, address)
PROGRAMME_ORGS = {
    "dream": ("한빛구 드림스타트", "dream_start"),
    "elder": ("한빛구 노인맞춤돌봄서비스", "elderly_care"),
    "health": ("한빛구보건소 방문건강관리팀", "visiting_health"),
    "medaid": ("한빛구 의료급여 사례관리", "medical_aid"),
    "jahwal": ("한빛지역자활센터", "self_sufficiency"),
    "mind": ("한빛구 정신건강복지센터", "mental_health"),
    "addict": ("한빛구 중독관리통합지원센터", "addiction"),
    "childprot": ("한빛아동보호전문기관", "child_protection"),
}
CENTERS = [("한빛종합사회복지관", 0), ("새솔종합사회복지관", 1),
           ("늘푸른종합사회복지관", 2), ("다온종합사회복지관", 2)]
PRIVATE = {
    "council": ("한빛구 지역사회보장협의체", "council", "public", False),
    "foodbank": ("한빛푸드뱅크", "private_agency", "private", False),
    "foundation": ("해솔복지재단", "private_agency", "private", False),
    "debt": ("한빛 부채 클리닉", "private_agency", "private", True),
}
ROADS = ["한빛로", "새솔로", "느티나무길", "햇살로", "물빛길", "은행나무로",
         "다온길", "별마루로", "꽃뫼로", "늘푸른길", "가람로", "솔바람길"]

CLOSURE_REASONS = ["목표달성", "거부", "전출", "사망", "타기관 이관", "연락두절", "시설입소", "기타"]
DECLINE_REASONS = ["대상 아님", "정원 초과", "가구 거부", "서비스 지역 아님", "중복 서비스", "기타"]


def zone_of(dong: str) -> int:
    return (int(dong[2:-1]) - 1) * len(ZONES) // DONG_COUNT


def build_orgs(demo) -> None:
    """Zones and every organisation, keyed by slug in demo.orgs."""
    for name in ZONES:
        demo.zones[name] = Zone(name=name)
    zones = list(demo.zones.values())

    def add(slug, name, kind, sector, programme, zone=None, dong=None, rrn_allowed=True):
        road = ROADS[(len(demo.orgs) * 5) % len(ROADS)]
        org = Organization(name=name, kind=kind, sector=sector, programme=programme,
                           zone=zones[zone] if zone is not None else None, dong=dong,
                           phone=f"02-2{demo.rng.randint(100, 999)}-{demo.rng.randint(1000, 9999)}",
                           address=f"서울특별시 한빛구 {road} {demo.rng.randint(10, 300)}",
                           rrn_allowed=rrn_allowed)
        demo.orgs[slug] = org

    add("hope", DISTRICT_NAME, "district", "public", "integrated")
    for n, dong in enumerate(DONGS, start=1):
        add(f"dong{n}", f"{dong} 행정복지센터", "dong_office", "public", "integrated",
            zone=zone_of(dong), dong=dong)
    for slug, (name, programme) in PROGRAMME_ORGS.items():
        add(slug, name, "public_program", "public", programme)
    for n, (name, zone) in enumerate(CENTERS, start=1):
        add(f"center{n}", name, "welfare_center", "private", "welfare_center", zone=zone)
    for slug, (name, kind, sector, rrn_allowed) in PRIVATE.items():
        add(slug, name, kind, sector, "private" if kind == "private_agency" else "integrated",
            rrn_allowed=rrn_allowed)
    db.session.add_all(demo.zones.values())
    db.session.add_all(demo.orgs.values())
    demo.counts["zones"] = len(demo.zones)
    demo.counts["organizations"] = len(demo.orgs)


def _usernames(slug: str) -> tuple[str, list[str]]:
    """(supervisor, workers): dong1lead + dong1, dong1b; dreamlead + dream1, dream2."""
    if slug.startswith(("dong", "center")):
        return f"{slug}lead", [slug, f"{slug}b"]
    return f"{slug}lead", [f"{slug}1", f"{slug}2"]


def build_users(demo) -> None:
    """Each org: one supervisor and workers; admins and a viewer; demo password for all."""
    def add(username, org_slug, role):
        org = demo.orgs[org_slug]
        user = User(username=username, name=demo.fake.name(), org=org, role=role,
                    email=f"{username}@hanbit-gu.example",
                    phone=f"{org.phone[:-4]}{demo.rng.randint(1000, 9999)}",
                    password_hash=demo.password_hash, must_change_password=False, active=True,
                    password_changed_at=utcnow())
        demo.users[username] = user
        if user.can_write:
            demo.staff.setdefault(org_slug, []).append(user)
        return user

    for slug in demo.orgs:
        lead, workers = _usernames(slug)
        add(lead, slug, "supervisor")
        small = slug not in ("dong1", "center1", "hope", "dream")  # the demo accounts' orgs are busier
        for username in workers[:1] if small else workers:
            add(username, slug, "worker")
    add("hope3", "hope", "worker")
    add("admin", "hope", "admin")
    add("admin2", "hope", "admin")
    add("viewer", "dong1", "viewer")
    add("viewer2", "center2", "viewer")
    db.session.add_all(demo.users.values())
    demo.counts["users"] = len(demo.users)


def build_list_options(demo) -> None:
    """Closure and decline reasons; rows an admin already made are kept as they are."""
    existing = set(db.session.execute(select(ListOption.list_name, ListOption.label)).all())
    for list_name, labels in (("closure_reason", CLOSURE_REASONS), ("decline_reason", DECLINE_REASONS)):
        for position, label in enumerate(labels, start=1):
            if (list_name, label) not in existing:
                db.session.add(ListOption(list_name=list_name, label=label, position=position))
                demo.counts["list_options"] += 1


def center_for(demo, dong: str):
    """A welfare center of the dong's zone."""
    zone = zone_of(dong)
    slugs = [f"center{n}" for n, (_, z) in enumerate(CENTERS, start=1) if z == zone]
    return demo.pick(slugs)


def dong_slug(dong: str) -> str:
    return f"dong{int(dong[2:-1])}"
