"""The directory: active search, an entry's page with its history, create, edit, re-verify."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import authz
from ..extensions import db
from ..htmx import is_htmx, redirect_to, render
from ..models import Resource
from ..models.org import SECTORS
from ..models.records import NEED_DOMAINS
from ..models.resource import CAPACITY_KINDS, RESOURCE_STATUSES, TARGET_GROUPS
from . import bp, directory, services
from .forms import ResourceForm


def labels() -> dict:
    return {"need_domains": NEED_DOMAINS, "target_groups": TARGET_GROUPS, "statuses": RESOURCE_STATUSES,
            "capacity_kinds": CAPACITY_KINDS, "sectors": SECTORS, "is_stale": directory.is_stale}


@bp.route("/")
@login_required
def index():
    """자원 찾기: every filter is in the URL, so a search is a bookmark; htmx swaps the results."""
    f = directory.Filters.from_args(request.args)
    results = directory.search(f)
    # An htmx search swaps only the results: the filter lists are not rendered, so not loaded.
    lists = {} if is_htmx() else {"zones": services.zones(), "providers": services.providers()}
    return render("resources/index.html", block="results", f=f, results=results,
                  can_create=authz.may_create_resource(current_user), **lists, **labels())


@bp.route("/<int:resource_id>")
@login_required
def show(resource_id):
    """One entry: what, for whom, how to apply, what remains, how fresh, and its edits."""
    resource = authz.get_resource_or_404(resource_id)
    return render("resources/show.html", resource=resource, history=services.history(resource),
                  can_edit=authz.may_edit_resource(current_user, resource), **labels())


def _form_page(form, resource=None, status=200):
    return render("resources/form.html", block="form", status=status, form=form, resource=resource,
                  provider_names=[p.name for p in services.providers()])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Add an entry owned by the user's organisation."""
    if not authz.may_create_resource(current_user):
        abort(403)
    form = ResourceForm(data={"provider_name": current_user.org.name, "provider_sector": current_user.org.sector})
    form.set_zones(services.zones())
    if not form.validate_on_submit():
        return _form_page(form, status=422 if request.method == "POST" else 200)
    resource = Resource(owner_org_id=current_user.org_id)
    services.apply_form(resource, form, current_user, "created")
    db.session.commit()
    flash(_("The resource was added to the directory."), "success")
    return redirect_to(url_for("resources.show", resource_id=resource.id))


def _form_data(resource: Resource) -> dict:
    data = {f: getattr(resource, f) for f in services.TRACKED}
    data.update(provider_name=resource.provider.name, provider_sector=resource.provider.sector,
                zone_ids=[z.id for z in resource.zones], subdomain=resource.subdomain or "")
    return data


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@login_required
def edit(resource_id):
    """Change an entry: its own organisation or a district admin (403 for anyone else)."""
    resource = authz.get_editable_resource_or_404(resource_id)
    form = ResourceForm(data=_form_data(resource))
    form.set_zones(services.zones())
    if not form.validate_on_submit():
        return _form_page(form, resource, status=422 if request.method == "POST" else 200)
    services.apply_form(resource, form, current_user, "edited")
    db.session.commit()
    flash(_("The resource was updated."), "success")
    return redirect_to(url_for("resources.show", resource_id=resource.id))


@bp.route("/<int:resource_id>/assure", methods=["POST"])
@login_required
def assure(resource_id):
    """Confirm the entry is still correct: it stops being flagged as stale."""
    resource = authz.get_editable_resource_or_404(resource_id)
    services.assure(resource, current_user)
    db.session.commit()
    if is_htmx() and request.headers.get("HX-Target") == f"stale-resource-{resource.id}":
        return render("resources/_stale_item.html", r=resource, checked=True, section={})  # the dashboard's line
    flash(_("Marked as checked today."), "success")
    return redirect_to(url_for("resources.show", resource_id=resource.id))
