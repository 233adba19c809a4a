"""Test data builders. They flush, never commit: the test's transaction owns them."""
import itertools
from datetime import date

from caseweb.extensions import db
from caseweb.models import Case, CaseTeam, Consent, Household, Organization, User, Zone
from caseweb.security import hash_password
from caseweb.timeutil import seoul_today

DEMO_PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)
_HASH = None


def _password_hash():
    global _HASH  # hashing is slow on purpose; one hash serves every test user
    if _HASH is None:
        _HASH = hash_password(DEMO_PASSWORD)
    return _HASH


class Factory:
    def zone(self, name=None):
        z = Zone(name=name or f"권역{next(_seq)}")
        db.session.add(z)
        db.session.flush()
        return z

    def org(self, name=None, kind="dong_office", sector="public", programme="integrated", **kw):
        o = Organization(name=name or f"기관{next(_seq)}", kind=kind, sector=sector,
                         programme=programme, **kw)
        db.session.add(o)
        db.session.flush()
        return o

    def user(self, org=None, role="worker", username=None, **kw):
        org = org or self.org()
        n = next(_seq)
        u = User(username=username or f"user{n}", name=kw.pop("name", f"직원{n}"), org=org,
                 role=role, password_hash=_password_hash(), **kw)
        db.session.add(u)
        db.session.flush()
        return u

    def household(self, org=None, head_name=None, birth_date=date(1980, 5, 17), rrn=None, **kw):
        """A household; `rrn` (a valid number) is stored the way registration stores it."""
        from caseweb.households.services import normalise_name
        n = next(_seq)
        name = head_name or f"홍길{n}"
        if rrn:
            from caseweb.crypto import birth_date_of, gender_of, normalise_rrn, protect_rrn
            digits = normalise_rrn(rrn)
            kw.update(protect_rrn(digits), gender=gender_of(digits))
            birth_date = birth_date_of(digits)
        h = Household(number=f"H-T{n:06d}", head_name=name, head_name_norm=normalise_name(name),
                      birth_date=birth_date, created_by_org_id=org.id if org else None, **kw)
        db.session.add(h)
        db.session.flush()
        return h

    def case(self, org, household=None, manager=None, status="intake", programme="integrated", **kw):
        household = household or self.household(org)
        n = next(_seq)
        today = seoul_today()
        c = Case(number=f"C-T{n:06d}", household=household, programme=programme, lead_org_id=org.id,
                 manager=manager, status=status, found_on=kw.pop("found_on", today), **kw)
        db.session.add(c)
        db.session.flush()
        db.session.add(CaseTeam(case_id=c.id, org_id=org.id, role="lead", via="intake"))
        db.session.flush()
        return c

    def consent(self, household, recipients=(), kind="third_party", scope="orgs", user=None, **kw):
        c = Consent(household_id=household.id, kind=kind, scope=scope,
                    purpose=kw.pop("purpose", "통합사례관리 서비스 연계"),
                    valid_from=kw.pop("valid_from", seoul_today()), recorded_by_id=user.id if user else None, **kw)
        c.recipients = list(recipients)
        db.session.add(c)
        db.session.flush()
        return c

    def partner(self, case, org, sections=None, via="referral"):
        t = CaseTeam(case_id=case.id, org_id=org.id, role="partner", via=via, sections=sections)
        db.session.add(t)
        db.session.flush()
        return t
