"""Fictional people: names, birth dates, addresses, phones and RRNs with valid check digits."""
from datetime import date, timedelta

from ..crypto import normalise_rrn, protect_rrn
from .orgs import DONGS, ROADS

RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# Marriage migrants' names, since Faker's ko_KR names are all Korean.
MIGRANT_NAMES = ["응우옌티란", "쩐티흐엉", "레티투", "마리아산토스", "부이티마이", "리우메이"]


def birth_date(demo, age_from: int, age_to: int) -> date:
    """A birthday giving an age in [age_from, age_to] on the demo's identity epoch.

    Birth dates (and so resident numbers) count from a fixed day, not from today: the
    same seed gives the same people on every date, while case dates stay relative.
    """
    age = demo.rng.randint(age_from, age_to)
    return demo.identity_epoch - timedelta(days=age * 365 + demo.rng.randint(10, 355))


def person_name(demo, gender: str, surname: str | None = None) -> str:
    first = demo.fake.first_name_male() if gender == "M" else demo.fake.first_name_female()
    return (surname or demo.fake.last_name()) + first


def fake_rrn(demo, born: date, gender: str) -> str:
    """YYMMDD-GNNNNNC with a valid check digit; the serial part is random, so it is no one's."""
    century = 0 if born.year < 2000 else 2
    digits = born.strftime("%y%m%d") + str(century + (1 if gender == "M" else 2))
    digits += "".join(str(demo.rng.randint(0, 9)) for _ in range(5))
    total = sum(int(d) * w for d, w in zip(digits, RRN_WEIGHTS))
    return f"{digits[:6]}-{digits[6:]}{(11 - total % 11) % 10}"


def address(demo, dong: str) -> str:
    """A made-up road address in the dong: each dong has its own roads."""
    n = DONGS.index(dong)
    road = ROADS[n] if demo.chance(0.7) else ROADS[(n + 1) % len(ROADS)]
    if demo.chance(0.45):
        return (f"서울특별시 한빛구 {road} {demo.rng.randint(1, 250)}, "
                f"{demo.rng.randint(101, 112)}동 {demo.rng.randint(1, 15)}{demo.rng.randint(1, 8):02d}호")
    return (f"서울특별시 한빛구 {road}{demo.rng.randint(1, 30)}길 {demo.rng.randint(2, 80)}"
            + (f", {demo.rng.choice(['지하', '2층', '3층', '옥탑'])}" if demo.chance(0.4) else ""))


def mobile(demo) -> str:
    return f"010-{demo.rng.randint(2000, 9999)}-{demo.rng.randint(1000, 9999)}"


def landline(demo) -> str:
    return f"02-2{demo.rng.randint(100, 999)}-{demo.rng.randint(1000, 9999)}"


def rrn_protector():
    """A function rrn -> (encrypted, blind index, masked), as registration stores a number."""
    def protect(rrn):
        stored = protect_rrn(normalise_rrn(rrn, check_digit=True))
        return stored["rrn_encrypted"], stored["rrn_blind_index"], stored["rrn_masked"]
    return protect
