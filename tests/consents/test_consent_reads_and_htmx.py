"""The consent form as an htmx fragment, and every re-render of consent data logged (issue 7, low items)."""
import io

from sqlalchemy import func, select

from caseweb.extensions import db
from caseweb.models import AccessLog

from ..conftest import is_full_page
from .test_consents import HX, _form, w  # noqa: F401  (the fixture)


def _reads(household_id, action):
    return db.session.scalar(select(func.count(AccessLog.id)).where(
        AccessLog.action == action, AccessLog.household_id == household_id))


def test_consent_form_answers_htmx_with_the_form_fragment(login, w):
    r = login(w.worker).get(f"/consents/household/{w.household.id}/new", headers=HX)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and not is_full_page(html) and 'id="consent-form"' in html
    assert "박민수" in html  # the head of household is one of the choices
    r = login(w.worker).post(f"/consents/household/{w.household.id}/new", data=_form(kinds=[]), headers=HX)
    assert r.status_code == 422 and not is_full_page(r.get_data(as_text=True))


def test_rejected_scan_re_render_is_a_logged_read(login, w):
    before = _reads(w.household.id, "consent_form_view")
    r = login(w.worker).post(f"/consents/household/{w.household.id}/new",
                             data=_form(scope="network", scan=(io.BytesIO(b"MZ not a pdf"), "x.exe")))
    assert r.status_code == 422 and "박민수" in r.get_data(as_text=True)
    assert _reads(w.household.id, "consent_form_view") == before + 1


def test_invalid_revoke_re_render_is_a_logged_read(login, make, w):
    consent = make.consent(w.household, [w.partner])
    db.session.commit()
    before = _reads(w.household.id, "consent_list")
    r = login(w.worker).post(f"/consents/{consent.id}/revoke", data={"reason": ""}, headers=HX)
    assert r.status_code == 422 and "consent-panel" in r.get_data(as_text=True)
    assert _reads(w.household.id, "consent_list") == before + 1
