"""자원 소식: organisations post new resources, donations and changes; newest first, by zone."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..authz import may_create_resource
from ..extensions import db
from ..htmx import redirect_to, render
from ..models import Resource, ResourceNews
from ..tiles import section_provider
from . import bp, services
from .forms import NewsForm


def latest(zone_id: int | None = None, limit: int = 20, offset: int = 0) -> list[ResourceNews]:
    """Newest first; a zone's list includes district-wide posts."""
    query = select(ResourceNews).options(selectinload(ResourceNews.org), selectinload(ResourceNews.zone),
                                         selectinload(ResourceNews.resource))
    if zone_id:
        query = query.where(or_(ResourceNews.zone_id == zone_id, ResourceNews.zone_id.is_(None)))
    return db.session.scalars(query.order_by(ResourceNews.created_at.desc(), ResourceNews.id.desc())
                              .limit(limit).offset(offset)).all()


def post(user, title: str, body: str, zone_id: int | None, resource: Resource | None) -> ResourceNews:
    item = ResourceNews(org_id=user.org_id, user_id=user.id, title=title.strip(), body=body.strip(),
                        zone_id=zone_id or None, resource_id=resource.id if resource else None)
    db.session.add(item)
    db.session.flush()
    return item


@bp.route("/news")
@login_required
def news():
    """The board, filterable by zone (a bookmarkable URL)."""
    zone = request.args.get("zone", type=int)
    page = max(request.args.get("page", 1, type=int), 1)
    size = 20
    items = latest(zone, limit=size + 1, offset=(page - 1) * size)
    return render("resources/news.html", block="items", items=items[:size], has_next=len(items) > size,
                  page=page, zone=zone, zones=services.zones(), can_post=may_create_resource(current_user))


@section_provider
def dashboard_news(user) -> list[dict]:
    """The dashboard shows the newest few posts under my tasks."""
    return [{"template": "resources/_news_latest.html", "items": latest(limit=5)}]


@bp.route("/news/new", methods=["GET", "POST"])
@login_required
def news_new():
    """Post news, optionally tied to a directory entry by its number."""
    if not may_create_resource(current_user):
        abort(403)
    form = NewsForm()
    form.set_zones(services.zones())
    resource = None
    if form.validate_on_submit():
        if form.resource_id.data:
            resource = db.session.get(Resource, form.resource_id.data)
            if resource is None:
                form.resource_id.errors = [_("There is no directory entry with that number.")]
        if not form.resource_id.errors:
            post(current_user, form.title.data, form.body.data, form.zone_id.data, resource)
            db.session.commit()
            flash(_("The news was posted."), "success")
            return redirect_to(url_for("resources.news"))
    status = 422 if request.method == "POST" else 200
    return render("resources/news_form.html", block="form", status=status, form=form)
