"""/admin/access-log: read-only view of the append-only access log."""
from flask import request
from flask_babel import gettext as _

from ..audit import log_access
from ..authz import role_required
from ..extensions import db
from ..htmx import render
from .. import audit_labels
from . import access_log_services, bp
from .forms import AccessLogFilterForm

PER_PAGE = 50


@bp.route("/access-log")
@role_required("admin")
def access_log():
    """Who did what to whose data, newest first; reading it is itself logged."""
    form = AccessLogFilterForm(request.args)
    form.action.choices = [("", _("All actions"))] + audit_labels.action_choices(
        access_log_services.known_actions())
    valid = form.validate()
    # Invalid filters (a bad day range) filter nothing rather than guess.
    filters = {
        "username": form.user.data or "",
        "action": form.action.data or "",
        "household_id": form.household.data if not form.household.errors else None,
        "day_from": form.day_from.data if valid else None,
        "day_to": form.day_to.data if valid else None,
    }
    page = db.paginate(access_log_services.log_query(**filters), per_page=PER_PAGE, error_out=False)
    log_access("access_log_view", reason=request.query_string.decode("utf-8", "replace")[:500] or None)
    response = render("admin/access_log.html", block="log_list", form=form, page=page,
                      org_names=access_log_services.org_names(page.items),
                      action_label=audit_labels.action_label, target_label=audit_labels.target_label)
    # Rendered before the commit so the page's rows are not reloaded one by one.
    db.session.commit()
    return response
