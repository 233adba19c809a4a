"""Forms: a directory entry, a linkage, a news post, an HSDS import."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models.org import SECTORS
from ..models.records import NEED_DOMAINS
from ..models.resource import CAPACITY_KINDS, RESOURCE_STATUSES, TARGET_GROUPS
from ..timeutil import seoul_today


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def domain_choices(blank=None):
    choices = [("", blank)] if blank else []
    return choices + [(k, label) for k, (label, _subs) in NEED_DOMAINS.items()]


def subdomain_choices():
    return [("", _l("(none)"))] + [(sk, f"{label} · {slabel}") for label, subs in NEED_DOMAINS.values()
                                   for sk, slabel in subs.items()]


class ResourceForm(FlaskForm):
    name = StringField(_l("Resource name"), validators=[DataRequired(), Length(max=160)])
    provider_name = StringField(_l("Provider"), validators=[DataRequired(), Length(max=120)],
                                render_kw={"list": "provider-names", "autocomplete": "off"})
    provider_sector = RadioField(_l("Provider sector"), choices=list(SECTORS.items()), default="private")
    description = TextAreaField(_l("Description"), validators=[Length(max=4000)])
    domain = SelectField(_l("Need domain"), choices=domain_choices(), validators=[DataRequired()])
    subdomain = SelectField(_l("Sub-domain"), choices=subdomain_choices(), default="")
    target_groups = MultiCheckboxField(_l("Target groups"), choices=list(TARGET_GROUPS.items()))
    eligibility = TextAreaField(_l("Eligibility"), validators=[Length(max=2000)])
    min_age = IntegerField(_l("Minimum age"), validators=[Optional(), NumberRange(min=0, max=120)])
    max_age = IntegerField(_l("Maximum age"), validators=[Optional(), NumberRange(min=0, max=120)])
    cost = StringField(_l("Cost or support"), validators=[Length(max=200)])
    amount_krw = IntegerField(_l("Amount per household (KRW)"), validators=[Optional(), NumberRange(min=0)])
    how_to_apply = TextAreaField(_l("How to apply"), validators=[Length(max=2000)])
    documents = TextAreaField(_l("Documents needed"), validators=[Length(max=2000)])
    contact = StringField(_l("Contact"), validators=[Length(max=200)])
    schedule = StringField(_l("Opening hours"), validators=[Length(max=200)])
    zone_ids = MultiCheckboxField(_l("Service area (zones; none: whole district)"), coerce=int)
    dongs = StringField(_l("Dongs (comma-separated; empty: whole zone)"), validators=[Length(max=300)])
    valid_from = DateField(_l("Valid from"), validators=[Optional()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=list(RESOURCE_STATUSES.items()), default="active")
    capacity_kind = RadioField(_l("Capacity"), choices=list(CAPACITY_KINDS.items()), default="none")
    quantity = IntegerField(_l("Total quantity or slots"), validators=[Optional(), NumberRange(min=0)])
    unit = StringField(_l("Unit (e.g. packs, places)"), validators=[Length(max=20)])
    remaining = IntegerField(_l("Remaining"), validators=[Optional(), NumberRange(min=0)])

    def set_zones(self, zones) -> None:
        self.zone_ids.choices = [(z.id, z.name) for z in zones]

    def validate_subdomain(self, field):
        if field.data and field.data not in NEED_DOMAINS.get(self.domain.data, ("", {}))[1]:
            raise ValidationError(_l("The sub-domain does not belong to the chosen need domain."))

    def validate_max_age(self, field):
        if field.data is not None and self.min_age.data is not None and field.data < self.min_age.data:
            raise ValidationError(_l("The maximum age is below the minimum age."))

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def validate_capacity_kind(self, field):
        # Here, not on `remaining`: Optional() would stop that field's checks when it is empty.
        if field.data == "none":
            return
        if self.remaining.data is None:
            raise ValidationError(_l("Enter how many remain."))
        if self.quantity.data is not None and self.remaining.data > self.quantity.data:
            raise ValidationError(_l("More remain than the total quantity."))


class LinkageForm(FlaskForm):
    resource_id = IntegerField(validators=[Optional()])
    resource_name = StringField(_l("Resource (outside the directory)"), validators=[Length(max=160)])
    provider_name = StringField(_l("Provider"), validators=[Length(max=120)])
    sector = SelectField(_l("Provider sector"), choices=[("", "")] + list(SECTORS.items()), default="")
    domain = SelectField(_l("Need domain"), choices=domain_choices(), validators=[DataRequired()])
    linked_on = DateField(_l("Date linked"), validators=[DataRequired()], default=seoul_today)
    quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1, max=100000)])
    amount_krw = IntegerField(_l("Amount (KRW)"), validators=[Optional(), NumberRange(min=0, max=1_000_000_000)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def validate_resource_name(self, field):
        if not self.resource_id.data and not (field.data or "").strip():
            raise ValidationError(_l("Choose a resource from the directory, or enter the name of one outside it."))


class LinkageCorrectionForm(FlaskForm):
    """Correct a linkage: what the history records as changed (the resource itself stays)."""
    linked_on = DateField(_l("Date linked"), validators=[DataRequired()])
    quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1, max=100000)])
    amount_krw = IntegerField(_l("Amount (KRW)"), validators=[Optional(), NumberRange(min=0, max=1_000_000_000)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class LinkageCancelForm(FlaskForm):
    reason = TextAreaField(_l("Why is it cancelled or returned?"), validators=[DataRequired(), Length(max=500)])


class NewsForm(FlaskForm):
    title = StringField(_l("Headline"), validators=[DataRequired(), Length(max=160)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=4000)])
    zone_id = SelectField(_l("Zone"), coerce=int, default=0)
    resource_id = IntegerField(_l("Directory entry number (optional)"), validators=[Optional()])

    def set_zones(self, zones) -> None:
        self.zone_id.choices = [(0, _l("Whole district"))] + [(z.id, z.name) for z in zones]


class ImportForm(FlaskForm):
    file = FileField(_l("HSDS CSV files (a ZIP of organizations.csv, services.csv, …)"))
    token = StringField()
