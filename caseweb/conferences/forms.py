"""Conference forms. Organisations, people and cases are choices filled by the view from scoped queries."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField,
                     TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from .. import timeutil
from ..models.case import CASE_LEVELS
from ..models.conference import CONFERENCE_KINDS, DECISION_KINDS, RECURRENCES, SELECTION_KINDS


def _choices(mapping, blank=None):
    return ([("", blank)] if blank is not None else []) + list(mapping.items())


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConferenceForm(FlaskForm):
    kind = SelectField(_l("Kind of conference"), choices=_choices(CONFERENCE_KINDS), default="integrated")
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    day = DateField(_l("Date"), validators=[DataRequired()], default=timeutil.seoul_today)
    start = TimeField(_l("Start time"), validators=[DataRequired()], default=time(14, 0))
    minutes_long = IntegerField(_l("Length (minutes)"), default=120,
                                validators=[InputRequired(), NumberRange(min=15, max=480)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    online_url = StringField(_l("Online meeting link"), validators=[Optional(), URL(), Length(max=300)])
    org_ids = MultiCheckboxField(_l("Invited organisations"), coerce=int, validate_choice=False)
    recurrence = SelectField(_l("Repeats"), choices=_choices(RECURRENCES, _l("Does not repeat")), default="")
    repeat = IntegerField(_l("Create how many next dates"), default=0,
                          validators=[Optional(), NumberRange(min=0, max=12)])

    def set_orgs(self, orgs):
        self.org_ids.choices = [(o.id, o.name) for o in orgs]
        return self

    def starts_at(self) -> datetime:
        """The KST date and time entered, as an aware datetime (stored as UTC)."""
        return datetime.combine(self.day.data, self.start.data, tzinfo=timeutil.SEOUL)


class AgendaForm(FlaskForm):
    case_id = SelectField(_l("Case"), coerce=int, validators=[InputRequired()])
    question = TextAreaField(_l("Question to decide"), validators=[DataRequired(), Length(max=2000)])

    def set_cases(self, cases):
        self.case_id.choices = [(0, _l("Choose…"))] + [(c.id, f"{c.number} · {c.household.head_name}")
                                                       for c in cases]
        return self

    def validate_case_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose a case."))


class InviteOrgForm(FlaskForm):
    org_id = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])

    def set_orgs(self, orgs):
        self.org_id.choices = [(0, _l("Choose…"))] + [(o.id, o.name) for o in orgs]
        return self


class InvitePersonForm(FlaskForm):
    user_id = SelectField(_l("Person"), coerce=int, validators=[Optional()])
    name = StringField(_l("External attendee: name"), validators=[Optional(), Length(max=60)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=120)])
    role = StringField(_l("Role in the conference"), validators=[Optional(), Length(max=60)])

    def set_people(self, people):
        self.user_id.choices = [(0, _l("An external attendee (below)"))] + [
            (u.id, f"{u.name} · {u.org.name}") for u in people]
        return self


class MinutesForm(FlaskForm):
    discussion = TextAreaField(_l("Discussion"), validators=[Optional(), Length(max=20000)])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DecisionForm(FlaskForm):
    kind = SelectField(_l("Decision"), choices=_choices(DECISION_KINDS, _l("Choose…")), validators=[DataRequired()])
    selection_kind = SelectField(_l("Selection result"), choices=_choices(SELECTION_KINDS, _l("—")),
                                 validators=[Optional()])
    level = SelectField(_l("Case-management level"), choices=_choices(CASE_LEVELS, _l("—")),
                        validators=[Optional()])
    org_id = SelectField(_l("Organisation (lead or partner)"), coerce=int, validators=[Optional()])
    reason = SelectField(_l("Closure reason"), validators=[Optional()])
    note = TextAreaField(_l("Remarks"), validators=[Optional(), Length(max=2000)])

    def set_choices(self, orgs, reasons):
        self.org_id.choices = [(0, _l("—"))] + [(o.id, o.name) for o in orgs]
        self.reason.choices = [("", _l("—"))] + [(r, r) for r in reasons]
        return self


class ActionItemForm(FlaskForm):
    what = StringField(_l("What is to be done"), validators=[DataRequired(), Length(max=500)])
    assignee_org_id = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    assignee_user_id = SelectField(_l("Person (optional)"), coerce=int, validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()])

    def set_choices(self, orgs, people):
        self.assignee_org_id.choices = [(o.id, o.name) for o in orgs]
        self.assignee_user_id.choices = [(0, _l("Anyone at the organisation"))] + [
            (u.id, f"{u.name} · {u.org.name}") for u in people]
        return self


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class EmptyForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
