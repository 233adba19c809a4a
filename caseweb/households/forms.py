"""Household forms: registration/edit with members, RRN reveal, duplicate check."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Length, Optional, ValidationError


from ..crypto import RRNError, birth_date_of, gender_of, normalise_rrn
from ..admin.list_services import active_labels
from ..models.household import HOUSEHOLD_TYPES, INCOME_STATUSES, MEMBER_RELATIONS

MAX_MEMBERS = 8
EMPTY_MEMBER_ROWS = 3
GENDERS = {"F": _l("Female"), "M": _l("Male")}
RRN_ERRORS = {
    "format": _l("Enter the resident registration number as 13 digits (YYMMDD-NNNNNNN)."),
    "date": _l("The first digits of this number are not a real birth date."),
    "check_digit": _l("This resident registration number is not valid (check digit). Please check it."),
}
RRN_INPUT = {"autocomplete": "off", "inputmode": "numeric", "maxlength": 14, "spellcheck": "false",
             "placeholder": "000000-0000000"}

DUPLICATE_FIELDS = "[name='head_name'],[name='birth_date'],[name='rrn'],[name='phone']"


def _choices(options: dict, blank=_l("Choose")):
    return [("", blank)] + list(options.items())


class MemberForm(Form):
    """One 가구원 row; a row without a name is ignored."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=60)])
    relation = SelectField(_l("Relation"), choices=_choices(MEMBER_RELATIONS), validators=[Optional()])
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    notes = StringField(_l("Remarks"), validators=[Optional(), Length(max=200)])

    def validate_relation(self, field):
        if (self.name.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose how this person is related to the head of household."))


class HouseholdForm(FlaskForm):
    head_name = StringField(_l("Head of household"), validators=[DataRequired(), Length(max=60)],
                            render_kw={"autocomplete": "off"})
    rrn = StringField(_l("Resident registration number"), validators=[Optional(), Length(max=14)],
                      render_kw=RRN_INPUT)
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    gender = SelectField(_l("Gender"), choices=_choices(GENDERS), validators=[Optional()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    dong = SelectField(_l("Dong"), choices=[], validators=[Optional()], validate_choice=True)
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)],
                        render_kw={"inputmode": "tel", "autocomplete": "off"})
    household_type = SelectField(_l("Household type"), choices=_choices(HOUSEHOLD_TYPES),
                                 validators=[Optional()])
    income_status = SelectField(_l("Income status"), choices=_choices(INCOME_STATUSES),
                                validators=[Optional()])
    notes = TextAreaField(_l("Remarks"), validators=[Optional(), Length(max=4000)])
    members = FieldList(FormField(MemberForm), min_entries=EMPTY_MEMBER_ROWS, max_entries=MAX_MEMBERS)

    def __init__(self, *args, dongs=(), rrn_allowed=True, has_rrn=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.dong.choices = _choices({d: d for d in dongs})
        self.rrn_allowed = rrn_allowed
        self.has_rrn = has_rrn  # editing a household whose RRN is already stored
        self.rrn_digits = None

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        raw = (self.rrn.data or "").strip()
        if raw and not self.rrn_allowed:
            self.rrn.errors.append(_l("Your organisation may not collect resident registration numbers."))
            return False
        if raw:
            try:
                self.rrn_digits = normalise_rrn(raw)
            except RRNError as exc:
                self.rrn.errors.append(RRN_ERRORS[exc.code])
                return False
            born = birth_date_of(self.rrn_digits)
            if self.birth_date.data and self.birth_date.data != born:
                self.birth_date.errors.append(_l("The birth date does not match the resident registration number."))
                ok = False
            if self.gender.data and self.gender.data != gender_of(self.rrn_digits):
                self.gender.errors.append(_l("The gender does not match the resident registration number."))
                ok = False
        elif not self.birth_date.data and not self.birth_date.errors:
            self.birth_date.errors.append(_l("Enter the birth date (or the resident registration number)."))
            ok = False
        return ok

    def enable_duplicate_check(self, url: str) -> None:
        """Ask the server for matches while the identifying fields are typed (POST: the RRN stays out of URLs)."""
        attrs = {"hx-post": url, "hx-trigger": "input changed delay:400ms", "hx-target": "#duplicates",
                 "hx-swap": "innerHTML", "hx-include": DUPLICATE_FIELDS}
        for name in ("head_name", "birth_date", "rrn", "phone"):
            field = getattr(self, name)
            field.render_kw = {**(field.render_kw or {}), **attrs}

    def member_rows(self) -> list[dict]:
        """Filled member rows as plain dicts."""
        return [{"name": m.form.name.data.strip(), "relation": m.form.relation.data,
                 "birth_date": m.form.birth_date.data, "notes": (m.form.notes.data or "").strip() or None}
                for m in self.members if (m.form.name.data or "").strip()]


class HouseholdEditForm(HouseholdForm):
    version = HiddenField()


# Used while an admin has not yet set up the managed list "rrn_reveal_reason".
DEFAULT_REVEAL_PURPOSES = [_l("Identity check against an official record"), _l("Application for a benefit or service"),
                           _l("Enquiry in the social security information system"),
                           _l("Submission required by law")]
# Reasons that say nothing: refused, as are texts without at least two different letters.
TRIVIAL_REASONS = {"확인", "조회", "열람", "필요", "업무", "업무상", "그냥", "테스트", "test", "check", "xx", "xxx", "asdf",
                   "ㅇㅇ", "ㅁㅁ", "...", "-"}
MIN_REASON = 5


def reveal_purposes() -> list[str]:
    return active_labels("rrn_reveal_reason") or [str(label) for label in DEFAULT_REVEAL_PURPOSES]


class RevealRRNForm(FlaskForm):
    """Why the full number is needed: a purpose from the managed list and what exactly it is for."""
    purpose = SelectField(_l("Purpose"), validators=[DataRequired(message=_l("Choose the purpose."))])
    reason = StringField(_l("What it is needed for"),
                         validators=[DataRequired(message=_l("Describe what the full number is needed for.")),
                                     Length(max=200)],
                         render_kw={"autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose.choices = [("", _l("Choose…"))] + [(label, label) for label in reveal_purposes()]

    def validate_reason(self, field):
        text = " ".join((field.data or "").split())
        letters = {ch for ch in text.lower() if ch.isalpha()}
        if len(text) < MIN_REASON or len(letters) < 2 or text.lower().strip(".!? ") in TRIVIAL_REASONS:
            raise ValidationError(_l("Give a real reason of at least five characters, e.g. which application "
                                     "or record needs the number."))

    def logged_reason(self) -> str:
        return f"{self.purpose.data}: {' '.join(self.reason.data.split())}"


class DuplicateCheckForm(FlaskForm):
    """The identifying fields of the registration form; anything unparseable is ignored."""

    class Meta:
        csrf = False  # CSRFProtect already checked the request; this form only reads fields

    head_name = StringField(validators=[Optional()])
    rrn = StringField(validators=[Optional()])
    birth_date = DateField(validators=[Optional()])
    phone = StringField(validators=[Optional()])
