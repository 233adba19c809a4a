"""HSDS CSV export and import (with a preview before anything is written); XLSX for offices."""
import re
import secrets
from pathlib import Path

from flask import Response, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..authz import role_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..timeutil import seoul_today
from . import bp, hsds, importer
from .forms import ImportForm

XLSX_HEADERS = ["번호", "자원명", "제공기관", "공공/민간", "욕구 영역", "대상", "최소 나이", "최대 나이", "권역", "동",
                "상태", "수량 관리", "잔여", "단위", "금액(원)", "연락처", "신청 방법", "최근 확인"]


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "resource-imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _pending(token: str) -> Path:
    """The uploaded file waiting for confirmation; only its uploader may use it."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        abort(404)
    path = _upload_dir() / f"{current_user.id}-{token}.zip"
    if not path.exists():
        abort(404)
    return path


@bp.route("/exchange")
@login_required
def exchange():
    """Download the directory; a district admin also imports one."""
    return render("resources/exchange.html", form=ImportForm(), can_import=current_user.has_role("admin"))


@bp.route("/export.zip")
@login_required
def export_zip():
    """The whole directory as HSDS 3.0 CSV files in one ZIP."""
    data = hsds.export_zip(hsds.all_resources())
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f"attachment; filename=resources-hsds-{seoul_today().isoformat()}.zip"})


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    """The directory as one spreadsheet for offices."""
    data = hsds.export_xlsx(hsds.all_resources(), XLSX_HEADERS)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", headers={
        "Content-Disposition": f"attachment; filename=resources-{seoul_today().isoformat()}.xlsx"})


@bp.route("/import", methods=["POST"])
@role_required("admin")
def import_preview():
    """Check every row and show what would be written; nothing is written yet."""
    form = ImportForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or not upload or not upload.filename:
        return render("resources/exchange.html", status=422, form=form, can_import=True,
                      upload_error=_("Choose the ZIP file to import."))
    data = upload.read()
    try:
        plan = importer.validate(hsds.read_zip(data))
    except ValueError:
        return render("resources/exchange.html", status=422, form=form, can_import=True,
                      upload_error=_("This is not a ZIP of UTF-8 CSV files."))
    token = None
    if not plan.errors:
        token = secrets.token_hex(16)
        (_upload_dir() / f"{current_user.id}-{token}.zip").write_bytes(data)
    return render("resources/import_preview.html", status=422 if plan.errors else 200, plan=plan, token=token,
                  form=ImportForm(formdata=None))


@bp.route("/import/confirm", methods=["POST"])
@role_required("admin")
def import_confirm():
    """Write the previewed import (checked again: nothing is written if any row fails)."""
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    path = _pending(form.token.data)
    plan = importer.validate(hsds.read_zip(path.read_bytes()))
    if plan.errors:
        return render("resources/import_preview.html", status=422, plan=plan, token=None, form=form)
    count = importer.apply(plan, current_user)
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(_("%(n)d resources were imported.", n=count), "success")
    return redirect_to(url_for("resources.index"))
