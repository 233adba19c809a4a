"""Screening forms: upload, column mapping, manual entry, assignment, outcome, reason for a download."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..crypto import RRNError, birth_date_of, normalise_rrn
from ..cases.forms import NewCaseForm
from ..households.forms import RRN_ERRORS, RRN_INPUT, HouseholdForm
from ..models.screening import OUTCOMES, SCREENING_SOURCES
from .checking import FIELDS, REQUIRED


def _choices(options: dict, blank=_l("Choose")):
    return [("", blank)] + list(options.items())


class UploadForm(FlaskForm):
    file = FileField(_l("List file (CSV or Excel .xlsx)"), validators=[FileRequired(_l("Choose a file."))])
    title = StringField(_l("List name"), validators=[DataRequired(), Length(max=120)],
                        render_kw={"placeholder": "2026년 4분기 단전·단수 체납"})
    source = SelectField(_l("Source"), choices=_choices(SCREENING_SOURCES), validators=[DataRequired()])
    received_on = DateField(_l("Received on"), validators=[DataRequired()])


class MappingForm(FlaskForm):
    """One select per target field, listing the file's columns."""

    def __init__(self, headers: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers

    def fields(self):
        return [(name, label, name in REQUIRED) for name, (label, _words) in FIELDS.items()]

    def read(self, form_data) -> tuple[dict, dict]:
        """(mapping field -> column index, errors field -> message) from the posted selects."""
        mapping, errors = {}, {}
        for name, label, required in self.fields():
            raw = (form_data.get(f"col-{name}") or "").strip()
            if not raw:
                if required:
                    errors[name] = _l("Choose the column that holds this.")
                continue
            if not raw.isdigit() or int(raw) >= len(self.headers):
                errors[name] = _l("Choose one of the file's columns.")
                continue
            if int(raw) in mapping.values():
                errors[name] = _l("This column is already used for another field.")
                continue
            mapping[name] = int(raw)
        return mapping, errors


class EntryForm(FlaskForm):
    """A household reported by hand (a neighbour's call, an honorary official's note)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)], render_kw={"autocomplete": "off"})
    rrn = StringField(_l("Resident registration number"), validators=[Optional(), Length(max=14)],
                      render_kw=RRN_INPUT)
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    dong = SelectField(_l("Dong"), choices=[], validators=[Optional()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)], render_kw={"inputmode": "tel"})
    reason = TextAreaField(_l("What was reported"), validators=[DataRequired(), Length(max=2000)])

    def __init__(self, *args, dongs=(), rrn_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.dong.choices = _choices({d: d for d in dongs})
        self.rrn_allowed = rrn_allowed
        self.rrn_digits = None

    def validate_rrn(self, field):
        raw = (field.data or "").strip()
        if not raw:
            return
        if not self.rrn_allowed:
            raise ValidationError(_l("Your organisation may not collect resident registration numbers."))
        try:
            self.rrn_digits = normalise_rrn(raw)
        except RRNError as exc:
            raise ValidationError(RRN_ERRORS[exc.code]) from None
        if self.birth_date.data and self.birth_date.data != birth_date_of(self.rrn_digits):
            raise ValidationError(_l("The birth date does not match the resident registration number."))


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Result"), choices=_choices(OUTCOMES), validators=[DataRequired()])
    outcome_on = DateField(_l("Checked on"), validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class AssignForm(FlaskForm):
    org_id = SelectField(_l("Dong office"), choices=[], validators=[Optional()], coerce=str)
    worker_id = SelectField(_l("Worker"), choices=[], validators=[Optional()], coerce=str)


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason for the download"), validators=[DataRequired(), Length(min=2, max=200)],
                         render_kw={"autocomplete": "off"})


class IntakeForm(HouseholdForm, NewCaseForm):
    """The intake registration of a case management target: the household as the entry has it, to review."""
    members = None  # added on the household page once the case is open
