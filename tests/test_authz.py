"""The batch visibility check agendas and lists use: the same rule as the scoped loaders."""
from datetime import timedelta

from caseweb.authz import visible_case_ids
from caseweb.extensions import db
from caseweb.timeutil import seoul_today, utcnow


def test_batch_check_answers_with_the_loaders_rule(make):
    lead, partner, stranger = make.org(), make.org(), make.org()
    own = make.case(lead)
    shared = make.case(lead)
    make.partner(shared, partner)
    make.consent(shared.household, recipients=[partner])
    no_consent = make.case(lead)
    make.partner(no_consent, partner)  # on the team, but the household did not consent
    revoked = make.case(lead)
    make.partner(revoked, partner)
    make.consent(revoked.household, recipients=[partner]).revoked_at = utcnow()
    expired = make.case(lead)
    make.partner(expired, partner)
    make.consent(expired.household, recipients=[partner], valid_from=seoul_today() - timedelta(days=400),
                 valid_until=seoul_today() - timedelta(days=1))
    db.session.flush()
    everything = [own.id, shared.id, no_consent.id, revoked.id, expired.id, 999_999]

    assert visible_case_ids(lead.id, everything) == {own.id, shared.id, no_consent.id, revoked.id, expired.id}
    assert visible_case_ids(partner.id, everything) == {shared.id}
    assert visible_case_ids(stranger.id, everything) == set()
    assert visible_case_ids(partner.id, []) == set()


def test_batch_check_is_one_query(make, app):
    from sqlalchemy import event
    lead = make.org()
    ids = [make.case(lead).id for _ in range(30)]
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert visible_case_ids(lead.id, ids) == set(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
