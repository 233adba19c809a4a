"""Organisation pickers: grouped by kind, only what the consent covers, not the team, searchable;
a missing consent is said before anything is filled in, and the consent form leads back to the case."""
import re

from caseweb.extensions import db
from caseweb.referrals import queries, services
from caseweb.timeutil import utcnow

from ..conftest import is_full_page

HX = {"HX-Request": "true"}


def _options(html: str, name: str) -> dict[str, list[str]]:
    """{optgroup label: [option texts]} of the select called `name`."""
    select = html.split(f'name="{name}"')[1].split("</select>")[0]
    return {label: re.findall(r"<option[^>]*>([^<]*)</option>", body)
            for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select)}


def _orgs(make, world):
    dong = make.org(name="다온동 행정복지센터")
    dream = make.org(name="드림스타트", kind="public_program", programme="dream_start")
    bank = make.org(name="푸드뱅크", kind="private_agency", sector="private", programme="private")
    far = make.org(name="먼곳종합사회복지관", kind="welfare_center", sector="private")
    return dong, dream, bank, far


def test_refer_offers_consented_orgs_grouped_without_the_team(login, make, world):
    dong, dream, bank, far = _orgs(make, world)
    make.consent(world.household, [world.b, dong, dream, bank])
    make.partner(world.case, dream)
    db.session.commit()
    html = login(world.lead_worker).get(f"/referrals/case/{world.case.id}?send=refer").get_data(as_text=True)
    assert _options(html, "refer-to_org_id") == {
        "행정복지센터": ["다온동 행정복지센터"], "복지관": ["중앙종합사회복지관"], "기타 기관": ["푸드뱅크"]}
    # A transfer may go to a partner already on the team (it takes over the lead).
    html = login(world.lead_worker).get(f"/referrals/case/{world.case.id}?send=transfer").get_data(as_text=True)
    assert "드림스타트" in _options(html, "transfer-to_org_id")["공공 사업"]


def test_picker_follows_the_rule_that_gates_the_send(make, world, ctx):
    """What the picker offers is exactly what services accept: revoked or expired consent offers nothing."""
    dong, dream, bank, far = _orgs(make, world)
    consent = make.consent(world.household, [dong, bank])
    offered = {o.id for o in queries.picker_orgs(world.case, world.lead.id, "referral")}
    assert offered == {dong.id, bank.id}
    assert all(services.consent_allows(world.case, o) for o in offered)
    assert not services.consent_allows(world.case, far.id)
    services.send_referral(world.case, world.lead_worker, bank, "식료품", ["overview"])
    assert {o.id for o in queries.picker_orgs(world.case, world.lead.id, "referral")} == {dong.id}
    consent.revoked_at = utcnow()
    db.session.flush()
    assert queries.picker_orgs(world.case, world.lead.id, "referral") == []


def test_network_consent_offers_everyone_but_sender_and_team(make, world, ctx):
    dong, dream, bank, far = _orgs(make, world)
    make.consent(world.household, scope="network")
    make.partner(world.case, far)
    names = {o.name for o in queries.picker_orgs(world.case, world.lead.id, "referral")}
    assert {"다온동 행정복지센터", "드림스타트", "푸드뱅크", "중앙종합사회복지관"} <= names
    assert world.lead.name not in names and "먼곳종합사회복지관" not in names


def test_search_narrows_the_picker_as_a_fragment_and_as_a_page(login, make, world):
    dong, dream, bank, far = _orgs(make, world)
    make.consent(world.household, [world.b, dong, bank])
    db.session.commit()
    c = login(world.lead_worker)
    r = c.get(f"/referrals/case/{world.case.id}?send=refer&org_q=복지관", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html) and 'id="refer-org-field"' in html
    assert _options(html, "refer-to_org_id") == {"복지관": ["중앙종합사회복지관"]}
    html = c.get(f"/referrals/case/{world.case.id}?send=refer&org_q=없는기관").get_data(as_text=True)
    assert is_full_page(html) and 'name="refer-to_org_id"' not in html and "없는기관" in html
    # The filter works without JavaScript: its own GET form with a button, the input owned by it.
    assert 'id="refer-org-filter" method="get"' in html and 'form="refer-org-filter"' in html


def test_missing_consent_is_said_before_the_form_with_a_way_back(login, world):
    html = login(world.lead_worker).get(f"/referrals/case/{world.case.id}?send=refer").get_data(as_text=True)
    assert 'id="consent-missing"' in html and 'name="refer-to_org_id"' not in html
    assert f"/consents/household/{world.household.id}/new?next=/cases/{world.case.id}" in html


def test_all_covered_orgs_on_the_team_says_so(login, make, world):
    make.consent(world.household, [world.b])
    make.partner(world.case, world.b)
    db.session.commit()
    html = login(world.lead_worker).get(f"/referrals/case/{world.case.id}?send=refer").get_data(as_text=True)
    assert 'name="refer-to_org_id"' not in html and "이미 사례 팀에 있거나" in html


def test_consent_saved_from_a_case_returns_to_the_case(login, make, world):
    make.org(name="드림스타트", kind="public_program", programme="dream_start")
    db.session.commit()
    c = login(world.lead_worker)
    url = f"/consents/household/{world.household.id}/new"
    html = c.get(f"{url}?next=/cases/{world.case.id}").get_data(as_text=True)
    assert f'value="/cases/{world.case.id}"' in html
    assert "<legend>공공 사업</legend>" in html and "<legend>복지관</legend>" in html
    data = {"kinds": ["third_party"], "scope": "orgs", "recipient_ids": [world.b.id], "purpose": "의뢰",
            "valid_from": "2025-01-01", "next": f"/cases/{world.case.id}"}
    r = c.post(url, data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{world.case.id}")
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = c.post(url, data={**data, "next": bad})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/households/{world.household.id}")
