from types import SimpleNamespace

import pytest


@pytest.fixture()
def world(make, ctx):
    """A lead organisation with a case, two other organisations, a worker and supervisor each."""
    lead, b, c = make.org(name="행복동 행정복지센터"), make.org(name="중앙종합사회복지관",
                                                         kind="welfare_center", sector="private"), make.org()
    w = SimpleNamespace(lead=lead, b=b, c=c)
    w.lead_worker, w.lead_sup = make.user(lead, "worker"), make.user(lead, "supervisor")
    w.b_worker, w.b_sup = make.user(b, "worker"), make.user(b, "supervisor")
    w.c_worker = make.user(c, "worker")
    w.household = make.household(lead, head_name="김영희", dong="행복동")
    w.case = make.case(lead, w.household)
    return w


@pytest.fixture()
def ctx(app):
    """A request context for calling services directly (messages are translated per request)."""
    with app.test_request_context("/"):
        yield
