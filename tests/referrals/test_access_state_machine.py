"""Stateful property test: an organisation reads a case iff it leads it, or it is an
accepted partner while an active third-party consent covers it.

The expected answer comes from this file's own model of grants, revocations,
expiries and answers, never from the code under test.
"""
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from caseweb.authz import can_see_case
from caseweb.consents import services as consent_services
from caseweb.extensions import db
from caseweb.referrals import services
from caseweb.referrals.services import TransitionRefused
from caseweb.timeutil import seoul_today

from ..factories import Factory

PARTNERS = (0, 1, 2)  # indexes of the non-lead organisations


class AccessMachine(RuleBasedStateMachine):
    # Organisations, users and their logged-in clients are shared by all examples
    # (logging in is slow on purpose); each example gets a fresh household and case.
    world = None

    @initialize()
    def setup(self):
        make = self.make = Factory()
        w = self.world
        self.lead, self.lead_user, self.orgs, self.users = w["lead"], w["lead_user"], w["orgs"], w["users"]
        self.case = make.case(self.lead)
        # The model: consents, accepted partners, open referrals.
        self.consents = []  # dicts: row, orgs (None = network), live
        self.partner = set()
        self.open = {}  # org index -> Transition
        self.answered = []

    def covered(self, i) -> bool:
        return any(c["live"] and (c["orgs"] is None or i in c["orgs"]) for c in self.consents)

    # --- consent -----------------------------------------------------------------
    @rule(orgs=st.one_of(st.none(), st.sets(st.sampled_from(PARTNERS), min_size=1)))
    def grant(self, orgs):
        recipients = [] if orgs is None else [self.orgs[i] for i in orgs]
        row = self.make.consent(self.case.household, recipients, scope="network" if orgs is None else "orgs",
                                valid_from=seoul_today() - timedelta(days=1))
        self.consents.append({"row": row, "orgs": orgs, "live": True})

    @precondition(lambda self: any(c["live"] for c in self.consents))
    @rule(data=st.data())
    def revoke(self, data):
        c = data.draw(st.sampled_from([c for c in self.consents if c["live"]]))
        consent_services.revoke(c["row"], self.lead_user, "본인 요청")
        c["live"] = False

    @precondition(lambda self: any(c["live"] for c in self.consents))
    @rule(data=st.data())
    def expire(self, data):
        c = data.draw(st.sampled_from([c for c in self.consents if c["live"]]))
        c["row"].valid_from = seoul_today() - timedelta(days=30)
        c["row"].valid_until = seoul_today() - timedelta(days=1)
        db.session.flush()
        c["live"] = False

    # --- transitions ---------------------------------------------------------------
    @rule(i=st.sampled_from(PARTNERS))
    def send(self, i):
        allowed = i not in self.partner and i not in self.open and self.covered(i)
        try:
            t = services.send_referral(self.case, self.lead_user, self.orgs[i], "연계 필요", ["overview"])
        except TransitionRefused:
            assert not allowed
        else:
            assert allowed
            self.open[i] = t

    @precondition(lambda self: self.open)
    @rule(data=st.data())
    def accept(self, data):
        i = data.draw(st.sampled_from(sorted(self.open)))
        t = self.open[i]
        try:
            services.accept(t, self.users[i])
        except TransitionRefused:
            assert not self.covered(i)
        else:
            assert self.covered(i)
            self.partner.add(i)
            del self.open[i]
            self.answered.append((i, t))

    @precondition(lambda self: self.open)
    @rule(data=st.data(), by=st.sampled_from(["provider", "household"]))
    def decline(self, data, by):
        i = data.draw(st.sampled_from(sorted(self.open)))
        t = self.open.pop(i)
        services.decline(t, self.users[i], "정원 초과", by)
        self.answered.append((i, t))

    @precondition(lambda self: self.open)
    @rule(data=st.data())
    def withdraw(self, data):
        i = data.draw(st.sampled_from(sorted(self.open)))
        services.withdraw(self.open.pop(i), self.lead_user)

    @precondition(lambda self: self.answered)
    @rule(data=st.data())
    def answer_again_is_refused(self, data):
        i, t = data.draw(st.sampled_from(self.answered))
        with pytest.raises(TransitionRefused):
            services.accept(t, self.users[i])
        with pytest.raises(TransitionRefused):
            services.withdraw(t, self.lead_user)

    # --- the property ----------------------------------------------------------------
    @invariant()
    def visible_iff_lead_or_consented_partner(self):
        assert can_see_case(self.lead.id, self.case)
        for i in PARTNERS:
            expected = i in self.partner and self.covered(i)
            assert can_see_case(self.orgs[i].id, self.case) == expected, (i, expected)

    def teardown(self):
        """The same property over HTTP, once per example: the case page is 200 or 404."""
        clients = self.world["clients"]
        if not clients or not hasattr(self, "case"):
            return
        db.session.commit()
        for i in PARTNERS:
            expected = 200 if (i in self.partner and self.covered(i)) else 404
            assert clients[i].get(f"/cases/{self.case.id}").status_code == expected, (i, expected)
        assert clients["lead"].get(f"/cases/{self.case.id}").status_code == 200


def test_access_follows_consent_and_answers(app, make, login):
    lead = make.org()
    orgs = [make.org() for _ in PARTNERS]
    world = {"lead": lead, "lead_user": make.user(lead, "supervisor"), "orgs": orgs,
             "users": [make.user(org, "worker") for org in orgs], "clients": None}
    db.session.commit()
    world["clients"] = {i: login(u) for i, u in enumerate(world["users"])}
    world["clients"]["lead"] = login(world["lead_user"])
    AccessMachine.world = world
    with app.test_request_context("/"):
        machine = AccessMachine.TestCase
        machine.settings = settings(max_examples=30, stateful_step_count=15, deadline=None,
                                    suppress_health_check=list(HealthCheck))
        machine().runTest()
