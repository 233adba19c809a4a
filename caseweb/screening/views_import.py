"""Uploading a list: file -> column mapping -> checking in chunks (progress) -> preview -> save."""
from datetime import timedelta

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete

from ..audit import log_access
from ..authz import get_import_or_404, write_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..models import ScreeningImport
from ..timeutil import seoul_today, utcnow
from . import bp, checking, files, services
from .forms import MappingForm, UploadForm

STALE_AFTER = timedelta(days=1)


def _drop_stale_uploads() -> None:
    """Uploads nobody saved are not kept (they hold resident numbers): gone after a day."""
    db.session.execute(delete(ScreeningImport).where(
        ScreeningImport.status != "saved", ScreeningImport.created_at < utcnow() - STALE_AFTER))


@bp.route("/imports/new", methods=["GET", "POST"])
@write_required
def upload():
    """Step 1: the file and what the list is."""
    form = UploadForm()
    if request.method == "GET":
        form.received_on.data = seoul_today()
    file_error = None
    if form.validate_on_submit():
        storage = form.file.data
        try:
            headers, rows = files.read_table(storage.filename, storage.read())
        except files.FileError as exc:
            file_error = files.FILE_ERRORS[exc.code]
        else:
            _drop_stale_uploads()
            imp = ScreeningImport(org_id=current_user.org_id, user_id=current_user.id, title=form.title.data.strip(),
                                  source=form.source.data, received_on=form.received_on.data, headers=headers,
                                  mapping=checking.guess_mapping(headers), total=len(rows),
                                  rows_sealed=files.seal_json(rows), errors=[])
            db.session.add(imp)
            db.session.flush()
            log_access("screening_upload", target=f"screening_import:{imp.id}", reason=str(len(rows)))
            db.session.commit()
            return redirect_to(url_for("screening.mapping", import_id=imp.id))
    status = 422 if request.method == "POST" else 200
    return render("screening/upload.html", status=status, form=form, file_error=file_error)


@bp.route("/imports/<int:import_id>/mapping", methods=["GET", "POST"])
@write_required
def mapping(import_id):
    """Step 2: which column of the file holds which field."""
    imp = get_import_or_404(import_id)
    if imp.status == "saved":
        return redirect_to(url_for("screening.show_list", list_id=imp.list_id))
    form = MappingForm(imp.headers)
    errors = {}
    chosen = dict(imp.mapping or {})
    if request.method == "POST" and form.validate_on_submit():
        chosen, errors = form.read(request.form)
        if not errors:
            imp.mapping, imp.status, imp.checked, imp.errors, imp.result_sealed = chosen, "checking", 0, [], None
            db.session.commit()
            return redirect_to(url_for("screening.progress", import_id=imp.id))
    sample = files.unseal_json(imp.rows_sealed)[:3]
    return render("screening/mapping.html", status=422 if errors else 200, imp=imp, form=form,
                  chosen=chosen, errors=errors, sample=sample)


def _progress_page(imp, status=200):
    summary = checking.summary(imp) if imp.status == "ready" else None
    errors = (imp.errors or [])[:200]
    return render("screening/progress.html", block="progress", status=status, imp=imp, summary=summary,
                  errors=errors, row_errors=checking.ROW_ERRORS, fields=checking.FIELDS)


@bp.route("/imports/<int:import_id>")
@write_required
def progress(import_id):
    """Step 3: how far the check is; when done, the preview of what would be saved."""
    imp = get_import_or_404(import_id)
    if imp.status == "saved":
        return redirect_to(url_for("screening.show_list", list_id=imp.list_id))
    if imp.status == "mapping":
        return redirect_to(url_for("screening.mapping", import_id=imp.id))
    return _progress_page(imp)


@bp.route("/imports/<int:import_id>/check", methods=["POST"])
@write_required
def check(import_id):
    """Check the next chunk of rows (htmx calls this again until done; a button does without JavaScript)."""
    imp = get_import_or_404(import_id)
    if imp.status == "checking":
        checking.check_chunk(imp, current_user.org.rrn_allowed)
        db.session.commit()
    return _progress_page(imp)


@bp.route("/imports/<int:import_id>/save", methods=["POST"])
@write_required
def save(import_id):
    """Step 4: the checked rows become the list, all or nothing."""
    imp = get_import_or_404(import_id)
    try:
        screening_list = services.save_import(imp, current_user)
    except services.ScreeningError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect_to(url_for("screening.progress", import_id=imp.id))
    db.session.commit()
    flash(_("%(count)s entries saved to the list.", count=imp.total), "success")
    return redirect_to(url_for("screening.show_list", list_id=screening_list.id))


@bp.route("/imports/<int:import_id>/cancel", methods=["POST"])
@write_required
def cancel(import_id):
    """Throw the upload away; nothing of it is kept."""
    imp = get_import_or_404(import_id)
    if imp.status != "saved":
        db.session.delete(imp)
        db.session.commit()
        flash(_("The upload was discarded."), "success")
    return redirect_to(url_for("screening.index"))
