"""Filter menus are remembered for a minute, and an edit in this process shows at once."""

from caseweb import memo
from caseweb.cases.queries import staff_menu
from caseweb.extensions import db
from caseweb.households.services import dong_names


def test_a_new_dong_office_and_a_renamed_worker_show_at_once(app, make):
    org = make.org(name="가온1동 행정복지센터", dong="가온1동")
    worker = make.user(org, name="김하나")
    assert "가온1동" in dong_names() and [r.name for r in staff_menu(org.id)] == ["김하나"]
    make.org(name="가온2동 행정복지센터", dong="가온2동")
    worker.name = "김하늘"
    db.session.flush()
    assert "가온2동" in dong_names() and [r.name for r in staff_menu(org.id)] == ["김하늘"]


def test_remembered_until_it_expires(app, make):
    org = make.org(name="가온3동 행정복지센터", dong="가온3동")
    assert "가온3동" in dong_names()
    calls = []
    assert memo.remember("probe", lambda: calls.append(1) or len(calls)) == 1
    assert memo.remember("probe", lambda: calls.append(1) or len(calls)) == 1  # remembered
    app.config["MEMO_SECONDS"] = 0
    try:
        assert memo.remember("probe", lambda: calls.append(1) or len(calls)) == 2  # expired
    finally:
        app.config.pop("MEMO_SECONDS")
    assert org.id


def test_the_case_list_fragment_skips_the_menus(app, make, auth, client):
    org = make.org(name="가온4동 행정복지센터", dong="가온4동")
    make.user(org, username="gaon4", name="박가온")
    auth.login("gaon4")
    page = client.get("/cases/?scope=org").get_data(as_text=True)
    fragment = client.get("/cases/?scope=org", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "박가온" in page and 'name="manager"' in page
    assert 'name="manager"' not in fragment
