"""/admin/organizations and /admin/zones."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..authz import role_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..models import Organization, Zone
from ..models.org import SECTORS
from . import bp, org_services
from .forms import OrgFilterForm, OrgForm, ZoneForm

PER_PAGE = 30


def _org_data(form: OrgForm) -> dict:
    return {key: getattr(form, key).data for key in org_services.ORG_FIELDS}


@bp.route("/organizations")
@role_required("admin")
def organizations():
    """Organisations with filters and pages; only the list for htmx."""
    form = OrgFilterForm(request.args)
    stmt = org_services.org_query(form.q.data or "", form.kind.data or "", form.active.data or "")
    page = db.paginate(stmt, per_page=PER_PAGE, error_out=False)
    counts = org_services.user_counts(o.id for o in page.items)
    return render("admin/organizations/index.html", block="org_list", form=form, page=page, counts=counts,
                  sectors=SECTORS)


@bp.route("/organizations/new", methods=["GET", "POST"])
@role_required("admin")
def org_new():
    """Register an organisation."""
    form = OrgForm()
    if form.validate_on_submit():
        org = org_services.create_org(_org_data(form), by=current_user)
        db.session.commit()
        flash(_("The organisation has been created."), "success")
        return redirect_to(url_for("admin.org_edit", org_id=org.id))
    status = 422 if request.method == "POST" else 200
    return render("admin/organizations/form.html", block="org_form", status=status, form=form, org=None)


@bp.route("/organizations/<int:org_id>", methods=["GET", "POST"])
@role_required("admin")
def org_edit(org_id):
    """Edit an organisation's details and whether it may collect RRNs."""
    org = db.get_or_404(Organization, org_id)
    form = OrgForm(obj=org, org_id=org.id)
    if form.validate_on_submit():
        org_services.update_org(org, _org_data(form), by=current_user)
        db.session.commit()
        flash(_("The organisation has been saved."), "success")
        return redirect_to(url_for("admin.org_edit", org_id=org.id))
    status = 422 if request.method == "POST" else 200
    return render("admin/organizations/form.html", block="org_form", status=status, form=form, org=org)


@bp.route("/organizations/<int:org_id>/active", methods=["POST"])
@role_required("admin")
def org_set_active(org_id):
    """Deactivate or reactivate an organisation (form field `active` = 0 or 1)."""
    org = db.get_or_404(Organization, org_id)
    if request.form.get("active") not in ("0", "1"):
        abort(400)
    active = request.form["active"] == "1"
    org_services.set_org_active(org, active, by=current_user)
    db.session.commit()
    flash(_("The organisation is active again.") if active else _("The organisation has been deactivated."),
          "success")
    return redirect_to(url_for("admin.org_edit", org_id=org.id))


def _zones_page(new_form: ZoneForm, rename: dict | None = None, status: int = 200):
    rows = org_services.zones_with_counts()
    rename = rename or {}
    forms = {zone.id: rename.get(zone.id) or ZoneForm(formdata=None, obj=zone, prefix=f"zone-{zone.id}")
             for zone, _count in rows}
    return render("admin/zones.html", status=status, rows=rows, new_form=new_form, rename_forms=forms)


@bp.route("/zones", methods=["GET", "POST"])
@role_required("admin")
def zones():
    """Zones with how many organisations each holds; POST adds a zone."""
    form = ZoneForm(prefix="new")
    if form.validate_on_submit():
        org_services.create_zone(form.name.data, by=current_user)
        db.session.commit()
        flash(_("The zone has been added."), "success")
        return redirect_to(url_for("admin.zones"))
    return _zones_page(form, status=422 if request.method == "POST" else 200)


@bp.route("/zones/<int:zone_id>", methods=["POST"])
@role_required("admin")
def zone_rename(zone_id):
    """Rename a zone."""
    zone = db.get_or_404(Zone, zone_id)
    form = ZoneForm(prefix=f"zone-{zone.id}", zone_id=zone.id)
    if form.validate_on_submit():
        org_services.rename_zone(zone, form.name.data, by=current_user)
        db.session.commit()
        flash(_("The zone has been renamed."), "success")
        return redirect_to(url_for("admin.zones"))
    return _zones_page(ZoneForm(formdata=None, prefix="new"), rename={zone.id: form}, status=422)
