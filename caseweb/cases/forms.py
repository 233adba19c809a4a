"""Case forms. Forms that change a case carry its version (optimistic locking)."""
from flask_babel import lazy_gettext as _l, lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import timeutil
from ..once import FormTokenField
from ..models.case import CASE_KINDS, CASE_LEVELS
from ..models.org import PROGRAMMES
from ..models.records import CONTACT_KINDS, CRISIS_LEVELS, NEED_DOMAINS, NEED_KEYS, NEED_LEVELS, NOTE_KINDS


def _choices(mapping, blank=None):
    items = [(key, label) for key, label in mapping.items()]
    return ([("", blank)] if blank is not None else []) + items


def _domain_choices():
    return [("", _l("Choose a domain"))] + [(key, label) for key, (label, _subs) in NEED_DOMAINS.items()]


def _not_future(form, field):
    if field.data and field.data > timeutil.seoul_today():
        raise ValidationError(_l("The date cannot be in the future."))


class VersionedForm(FlaskForm):
    version = IntegerField(widget=HiddenField.widget, validators=[DataRequired()])


class NewCaseForm(FlaskForm):
    programme = SelectField(_l("Programme"), choices=_choices(PROGRAMMES), validators=[DataRequired()])
    source = StringField(_l("How the household was found"), validators=[Optional(), Length(max=60)])
    found_on = DateField(_l("Found on"), validators=[DataRequired(), _not_future],
                         default=timeutil.seoul_today)


class IntakeForm(VersionedForm):
    intake_on = DateField(_l("Intake date"), validators=[DataRequired(), _not_future],
                          default=timeutil.seoul_today)
    source = StringField(_l("How the household was found"), validators=[Optional(), Length(max=60)])
    body = TextAreaField(_l("Intake interview"), validators=[DataRequired(), Length(max=20000)])


class AssessmentForm(VersionedForm):
    assessed_on = DateField(_l("Assessment date"), validators=[DataRequired(), _not_future],
                            default=timeutil.seoul_today)
    crisis_level = SelectField(_l("Crisis level"), choices=_choices(CRISIS_LEVELS), default="low")
    strengths = TextAreaField(_l("Strengths and resources"), validators=[Optional(), Length(max=5000)])
    summary = TextAreaField(_l("Summary of the assessment"), validators=[Optional(), Length(max=5000)])
    # Only for a reassessment: the level may change with what was found.
    level = SelectField(_l("Case-management level"), choices=_choices(CASE_LEVELS, _l("Keep the level")),
                        validators=[Optional()])

    def needs(self) -> dict:
        return {key: self[f"need_{key}"].data for key in NEED_KEYS}

    def need_rows(self):
        """(domain label, [fields of its sub-domains]) for the 10×2 grid."""
        return [(label, [self[f"need_{key}"] for key in subs]) for label, subs in NEED_DOMAINS.values()]


def _need_level_choices():
    """Built per request, so the labels follow the reader's language."""
    return [(level, f"{level} · {label}") for level, label in NEED_LEVELS.items()]


for _domain, (_label, _subs) in NEED_DOMAINS.items():
    for _key, _sub_label in _subs.items():
        setattr(AssessmentForm, f"need_{_key}", SelectField(
            _sub_label, coerce=int, default=0,
            choices=_need_level_choices))



class SelectionForm(VersionedForm):
    kind = SelectField(_l("Selection result"), choices=_choices(CASE_KINDS, _l("Choose")),
                       validators=[DataRequired()])
    level = SelectField(_l("Case-management level"), choices=_choices(CASE_LEVELS, _l("Not applicable")),
                        validators=[Optional()])
    selected_on = DateField(_l("Decided on"), validators=[DataRequired(), _not_future],
                            default=timeutil.seoul_today)
    conference_on = DateField(_l("Case conference date"), validators=[Optional(), _not_future])

    def validate_level(self, field):
        if self.kind.data == "case_management" and not field.data:
            raise ValidationError(_l("Choose the case-management level."))


class GoalRow(Form):
    domain = SelectField(_l("Domain"), choices=_domain_choices(), validators=[Optional()])
    text = StringField(_l("Goal"), validators=[Optional(), Length(max=500)])
    target_on = DateField(_l("Target date"), validators=[Optional()])

    def validate_text(self, field):
        if bool(self.domain.data) != bool((field.data or "").strip()):
            raise ValidationError(_l("Give both the domain and the goal, or leave the row empty."))


class ServiceRow(Form):
    domain = SelectField(_l("Domain"), choices=_domain_choices(), validators=[Optional()])
    service = StringField(_l("Service or resource"), validators=[Optional(), Length(max=200)])
    provider_org_id = SelectField(_l("Provider organisation"), coerce=int, choices=[], validators=[Optional()])
    provider_name = StringField(_l("Other provider"), validators=[Optional(), Length(max=120)])
    start_on = DateField(lazy_pgettext("period", "From"), validators=[Optional()])
    end_on = DateField(_l("Until"), validators=[Optional()])

    def validate_service(self, field):
        if (field.data or "").strip() and not (self.provider_org_id.data or (self.provider_name.data or "").strip()):
            raise ValidationError(_l("Choose a provider organisation or name one."))

    def validate_end_on(self, field):
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(_l("The end cannot be before the start."))


class PlanForm(VersionedForm):
    planned_on = DateField(_l("Plan date"), validators=[DataRequired(), _not_future],
                           default=timeutil.seoul_today)
    goals = FieldList(FormField(GoalRow), min_entries=4, max_entries=10)
    services = FieldList(FormField(ServiceRow), min_entries=4, max_entries=10)

    def set_providers(self, orgs) -> None:
        choices = [(0, _l("Choose an organisation"))] + [(o.id, o.name) for o in orgs]
        for row in self.services:
            row.provider_org_id.choices = choices

    def goal_dicts(self) -> list[dict]:
        return [{"domain": r.domain.data, "text": r.text.data.strip(), "target_on": r.target_on.data}
                for r in self.goals if (r.text.data or "").strip()]

    def service_dicts(self) -> list[dict]:
        return [{"domain": r.domain.data or None, "service": r.service.data.strip(),
                 "provider_org_id": r.provider_org_id.data or None, "provider_name": r.provider_name.data,
                 "start_on": r.start_on.data, "end_on": r.end_on.data}
                for r in self.services if (r.service.data or "").strip()]

    def validate_goals(self, field):
        if not self.goal_dicts():
            raise ValidationError(_l("A plan needs at least one goal."))


class NoteForm(FlaskForm):
    form_token = FormTokenField()  # a double click or a retry stores the note once
    kind = SelectField(_l("Kind of contact"), choices=[(k, NOTE_KINDS[k]) for k in CONTACT_KINDS])
    contact_on = DateField(_l("Contact date"), validators=[DataRequired(), _not_future],
                           default=timeutil.seoul_today)
    body = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=20000)])
    next_due = DateField(_l("Next contact due"), validators=[Optional()])

    def validate_next_due(self, field):
        if field.data and self.contact_on.data and field.data < self.contact_on.data:
            raise ValidationError(_l("The next contact cannot be before this one."))


class NoteEditForm(NoteForm):
    kind = None  # the kind of contact stays as recorded
    form_token = None  # an edit is idempotent already (the version guards it)
    version = IntegerField(widget=HiddenField.widget, validators=[DataRequired()])


class CloseForm(VersionedForm):
    closed_on = DateField(_l("Closed on"), validators=[DataRequired(), _not_future],
                          default=timeutil.seoul_today)
    reason = SelectField(_l("Closure reason"), choices=[], validators=[DataRequired()])
    # Read by the supervisor who approves a worker's request.
    comment = TextAreaField(_l("Note for the supervisor"), validators=[Optional(), Length(max=1000)])

    def set_reasons(self, reasons) -> None:
        self.reason.choices = [("", _l("Choose a reason"))] + [(r, r) for r in reasons]


class ApproveClosureForm(VersionedForm):
    pass


class ReturnClosureForm(VersionedForm):
    comment = TextAreaField(_l("Why the closure is returned"), validators=[DataRequired(), Length(max=1000)])


class FollowUpForm(VersionedForm):
    follow_up_on = DateField(_l("Check date"), validators=[DataRequired(), _not_future],
                             default=timeutil.seoul_today)
    body = TextAreaField(_l("How the household is doing"), validators=[DataRequired(), Length(max=20000)])


class CompleteForm(VersionedForm):
    completed_on = DateField(_l("Completed on"), validators=[DataRequired(), _not_future],
                             default=timeutil.seoul_today)


class ReopenForm(VersionedForm):
    reason = StringField(_l("Why the case is reopened"), validators=[DataRequired(), Length(max=200)])

