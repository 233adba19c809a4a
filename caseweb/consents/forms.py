"""The consent form: one checkbox per kind, recipients, period, guardian for children."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models.consent import CONSENT_KINDS, RECIPIENT_SCOPES
from ..timeutil import seoul_today

GUARDIAN_AGE = 14


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def age_on(birth_date, day) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class ConsentForm(FlaskForm):
    kinds = MultiCheckboxField(_l("Consent given for"), choices=list(CONSENT_KINDS.items()),
                               validators=[DataRequired(message=_l("Tick at least one kind of consent."))])
    subject_member_id = SelectField(_l("Whose consent"), coerce=int, default=0)
    scope = RadioField(_l("Recipients"), choices=list(RECIPIENT_SCOPES.items()), default="orgs",
                       validators=[DataRequired()])
    recipient_ids = SelectMultipleField(_l("Organisations"), coerce=int)
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(), Length(max=2000)])
    items = TextAreaField(_l("Items shared"), validators=[Length(max=2000)])
    valid_from = DateField(_l("Valid from"), validators=[DataRequired()], default=seoul_today)
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    guardian_name = StringField(_l("Guardian's name"), validators=[Length(max=60)])
    guardian_relation = StringField(_l("Guardian's relation"), validators=[Length(max=30)])
    scan = FileField(_l("Scan of the signed form (PDF, JPEG or PNG, up to 5 MB)"))
    next = HiddenField()  # where to go back to (the case the consent was asked for); only a local path

    def __init__(self, household, orgs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._household = household
        # Plain gettext, never a lazy string: WTForms trusts lazy strings as HTML, and the name is user text.
        self.subject_member_id.choices = [(0, _("Head of household: %(name)s", name=household.head_name))] + [
            (m.id, f"{m.name} ({m.relation})") for m in household.members]
        self.recipient_ids.choices = [(o.id, o.name) for o in orgs]

    def subject_birth_date(self):
        for member in self._household.members:
            if member.id == self.subject_member_id.data:
                return member.birth_date
        return self._household.birth_date

    def validate_recipient_ids(self, field):
        if "third_party" in (self.kinds.data or []) and self.scope.data == "orgs" and not field.data:
            raise ValidationError(_l("Choose the organisations, or the whole council network."))

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def guardian_needed(self) -> bool:
        age = age_on(self.subject_birth_date(), self.valid_from.data or seoul_today())
        return age is not None and age < GUARDIAN_AGE

    def validate_guardian_name(self, field):
        if self.guardian_needed() and not (field.data or "").strip():
            raise ValidationError(_l("Under 14: enter the legal guardian's name."))

    def validate_guardian_relation(self, field):
        if self.guardian_needed() and not (field.data or "").strip():
            raise ValidationError(_l("Under 14: enter the guardian's relation."))


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason for revoking"), validators=[DataRequired(), Length(max=500)])
