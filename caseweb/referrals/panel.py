"""The case team panel's data: team, referral history, consent coverage, the send and assign forms.

Prepared by the views that show it (the case page's overview, where it registers itself, and
the panel's own URL); the template only renders it. The "can do" flags come from authz, as the services' checks do.
"""
from flask_login import current_user

from .. import authz
from ..cases.page import overview_panel
from ..models.transition import CASE_SECTIONS
from . import queries
from .forms import AssignForm, SendForm

SEND_KINDS = ("refer", "transfer")
TRANSITION_KIND = {"refer": "referral", "transfer": "transfer"}


@overview_panel("team_p")
def team_panel(case, send: str | None = None, org_q: str = "", **forms) -> dict:
    """Everything the panel shows, for a case the caller has loaded through its scoped loader.

    The refer/transfer forms are built only when asked for (`send`, or a form coming back
    with errors). They offer only the organisations the household's consent covers and that
    are not on the team yet (queries.picker_orgs), grouped by kind and filtered by `org_q`;
    with no consent at all the panel says so instead of offering a form.
    """
    can_assign = authz.may_assign(case, current_user)
    assign_form = forms.get("assign_form") or AssignForm(formdata=None)
    if can_assign:  # only they see the assign form
        assign_form.worker_id.choices = [(u.id, u.name) for u in queries.org_workers(current_user.org_id)]
    network, covered = queries.consent_coverage(case)
    shown = {kind for kind in SEND_KINDS if kind == send or f"{kind}_form" in forms}
    send_forms, offered = {}, {}
    for kind in shown:
        orgs = queries.picker_orgs(case, current_user.org_id, TRANSITION_KIND[kind], org_q)
        form = forms.get(f"{kind}_form") or SendForm(formdata=None, prefix=kind)
        send_forms[kind], offered[kind] = form.set_orgs(orgs), len(orgs)
    return {
        "has_consent": network or bool(covered), "org_q": org_q, "offered": offered,
        "consent_network": network, "consent_orgs": covered,
        "team": queries.case_team(case),
        "history": queries.case_transitions(case),
        "send_forms": send_forms,
        "assign_form": assign_form,
        "can_send": authz.may_send(case, current_user),
        "can_assign": can_assign,
        "section_labels": CASE_SECTIONS,
    }
