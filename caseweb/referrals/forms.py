"""Forms for sending and answering. None binds an organisation of the case or a lead:
the sender is always the current user's organisation, the case comes from the URL."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..admin.list_services import active_labels
from ..models.transition import CASE_SECTIONS

DEFAULT_DECLINE_REASONS = [_l("Not eligible for our service"), _l("No capacity at the moment"),
                           _l("Outside our area"), _l("The household refused"), _l("Other")]
DECLINED_BY = [("provider", _l("Our organisation (provider)")), ("household", _l("The household"))]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SendForm(FlaskForm):
    """의뢰하기 / 이관하기: recipient, reason and (for referrals) the sections it may see."""

    to_org_id = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    sections = MultiCheckboxField(_l("Sections the organisation may see"),
                                  choices=[(k, v) for k, v in CASE_SECTIONS.items()],
                                  default=["overview"])
    next = HiddenField()

    def set_orgs(self, orgs):
        self.to_org_id.choices = [(0, _l("Choose…"))] + [(o.id, o.name) for o in orgs]
        return self

    def validate_to_org_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose an organisation."))


class AssignForm(FlaskForm):
    worker_id = SelectField(_l("Assigned worker"), coerce=int, validators=[InputRequired()])
    next = HiddenField()


class DeclineForm(FlaskForm):
    decline_reason = SelectField(_l("Reason for declining"), validators=[DataRequired()])
    declined_by = RadioField(_l("Declined by"), choices=DECLINED_BY, validators=[DataRequired()])
    response = TextAreaField(_l("Comment"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = active_labels("decline_reason") or [str(label) for label in DEFAULT_DECLINE_REASONS]
        self.decline_reason.choices = [("", _l("Choose…"))] + [(label, label) for label in labels]


class ResultForm(FlaskForm):
    result = TextAreaField(_l("Result"), validators=[DataRequired(), Length(max=4000)])


class RerouteForm(FlaskForm):
    to_org_id = SelectField(_l("Forward to"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])

    set_orgs = SendForm.set_orgs
    validate_to_org_id = SendForm.validate_to_org_id

