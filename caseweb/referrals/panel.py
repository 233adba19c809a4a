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


@overview_panel("team_p")
def team_panel(case, send: str | None = None, **forms) -> dict:
    """Everything the panel shows, for a case the caller has loaded through its scoped loader.

    The refer/transfer forms list every organisation of the network, so they are built only
    when asked for (`send`, or a form coming back with errors).
    """
    can_assign = authz.may_assign(case, current_user)
    assign_form = forms.get("assign_form") or AssignForm(formdata=None)
    if can_assign:  # only they see the assign form
        assign_form.worker_id.choices = [(u.id, u.name) for u in queries.org_workers(current_user.org_id)]
    network, covered = queries.consent_coverage(case)
    shown = {kind for kind in SEND_KINDS if kind == send or f"{kind}_form" in forms}
    orgs = queries.recipient_orgs(current_user.org_id) if shown else []
    send_forms = {kind: forms.get(f"{kind}_form") or SendForm(formdata=None, prefix=kind).set_orgs(orgs)
                  for kind in shown}
    return {
        "consent_network": network, "consent_orgs": covered,
        "team": queries.case_team(case),
        "history": queries.case_transitions(case),
        "send_forms": send_forms,
        "assign_form": assign_form,
        "can_send": authz.may_send(case, current_user),
        "can_assign": can_assign,
        "section_labels": CASE_SECTIONS,
    }
