"""Admin forms. Filter forms read the query string and carry no CSRF token."""
from flask_babel import lazy_gettext as _l, lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..models.org import ORG_KINDS, PROGRAMMES, SECTORS
from ..models.user import ROLES
from . import list_services, org_services, services

USERNAME_RE = r"^[a-z0-9][a-z0-9._-]{2,59}$"
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_RE = r"^[0-9+() -]{7,30}$"


class FilterForm(FlaskForm):
    class Meta:
        csrf = False


class UserFilterForm(FilterForm):
    q = SearchField(_l("Name or username"), validators=[Optional(), Length(max=60)])
    org = SelectField(_l("Organisation"), validate_choice=False)
    role = SelectField(_l("Role"), choices=[("", _l("All roles"))] + list(ROLES.items()), validate_choice=False)
    active = SelectField(_l("Status"), choices=[("", _l("All")), ("1", _l("Active")), ("0", _l("Inactive"))],
                         validate_choice=False)


class UserEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])
    org_id = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    # Least privilege first: a new account is a viewer until someone chooses more.
    role = SelectField(_l("Role"), choices=[(k, ROLES[k]) for k in ("viewer", "worker", "supervisor", "admin")],
                       default="viewer", validators=[DataRequired()])
    email = StringField(_l("Email"), validators=[
        Optional(), Length(max=120), Regexp(EMAIL_RE, message=_l("Enter an email address like name@example.kr."))],
        render_kw={"type": "email", "autocomplete": "off"})
    phone = StringField(_l("Work phone"), validators=[
        Optional(), Regexp(PHONE_RE, message=_l("Enter a phone number like 02-123-4567."))],
        render_kw={"type": "tel", "autocomplete": "off"})


class UserCreateForm(UserEditForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(), Regexp(USERNAME_RE, message=_l(
            "3 to 60 characters: lower-case letters, digits, dot, dash or underscore."))],
        render_kw={"autocomplete": "off", "autocapitalize": "none"})

    def validate_username(self, field):
        if services.username_taken(field.data):
            raise ValidationError(_l("This username is already taken."))


class OrgFilterForm(FilterForm):
    q = SearchField(_l("Name"), validators=[Optional(), Length(max=120)])
    kind = SelectField(lazy_pgettext("organisation", "Kind"), choices=[("", _l("All kinds"))] + list(ORG_KINDS.items()), validate_choice=False)
    active = SelectField(_l("Status"), choices=[("", _l("All")), ("1", _l("Active")), ("0", _l("Inactive"))],
                         validate_choice=False)


class OrgForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(lazy_pgettext("organisation", "Kind"), choices=list(ORG_KINDS.items()), validators=[DataRequired()])
    sector = SelectField(_l("Sector"), choices=list(SECTORS.items()), validators=[DataRequired()])
    programme = SelectField(_l("Programme"), choices=[("", _l("None"))] + list(PROGRAMMES.items()))
    zone_id = SelectField(_l("Zone"), coerce=lambda v: int(v) if v not in (None, "", "None") else None)
    dong = StringField(_l("Dong"), validators=[Optional(), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[
        Optional(), Regexp(PHONE_RE, message=_l("Enter a phone number like 02-123-4567."))],
        render_kw={"type": "tel"})
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    rrn_allowed = BooleanField(_l("May collect resident registration numbers (주민등록번호)"))

    def __init__(self, *args, org_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._org_id = org_id
        self.zone_id.choices = [(None, _l("No zone"))] + [(int(k), v) for k, v in org_services.zone_choices()]

    def validate_name(self, field):
        if org_services.org_name_taken(field.data, self._org_id):
            raise ValidationError(_l("An organisation with this name already exists."))


class ZoneForm(FlaskForm):
    name = StringField(_l("Zone name"), validators=[DataRequired(), Length(max=80)])

    def __init__(self, *args, zone_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._zone_id = zone_id

    def validate_name(self, field):
        if org_services.zone_name_taken(field.data, self._zone_id):
            raise ValidationError(_l("A zone with this name already exists."))


class ListOptionForm(FlaskForm):
    label = StringField(_l("Option"), validators=[DataRequired(), Length(max=60)])
    position = IntegerField(_l("Position"), validators=[Optional(), NumberRange(min=0, max=9999)])

    def __init__(self, list_name, *args, option_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._list_name = list_name
        self._option_id = option_id

    def validate_label(self, field):
        if list_services.label_taken(self._list_name, field.data, self._option_id):
            raise ValidationError(_l("This option is already in the list."))


class AccessLogFilterForm(FilterForm):
    user = StringField(_l("Username"), validators=[Optional(), Length(max=60)])
    action = SelectField(_l("Action"), validate_choice=False)
    household = IntegerField(_l("Household ID"), validators=[Optional(), NumberRange(min=1)])
    day_from = DateField(_l("From (day)"), validators=[Optional()])
    day_to = DateField(_l("To (day)"), validators=[Optional()])

    def validate_day_to(self, field):
        if field.data and self.day_from.data and field.data < self.day_from.data:
            raise ValidationError(_l("The end day is before the start day."))
