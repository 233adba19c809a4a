"""All models, importable from one place (Alembic needs them registered)."""
from .audit import AccessLog
from .case import Case, CaseEvent, CaseTeam, ListOption
from .conference import (ActionItem, AgendaItem, Attendee, Conference, ConferenceLog, ConferenceOrg,
                         ConferenceSeries, Decision)
from .consent import Consent, consent_recipients
from .household import Household, HouseholdMember
from .notification import Notification
from .org import Organization, Zone
from .records import Assessment, Goal, Note, Plan, PlannedService
from .report import ReportDay, ReportDirty, ReportMonth, ReportState
from .resource import Linkage, Resource, ResourceEdit, ResourceNews, ResourceProvider, resource_zones
from .retention import DestructionRecord
from .screening import ScreeningEntry, ScreeningImport, ScreeningList
from .search import CaseNameGram, HouseholdNameGram, ResourceGram
from .submission import FormSubmission
from .transition import Transition
from .user import RoleChange, User, UserSession

__all__ = [
    "ActionItem", "AgendaItem", "Attendee", "Conference", "ConferenceLog", "ConferenceOrg", "ConferenceSeries",
    "Decision",
    "AccessLog", "Assessment", "Case", "CaseEvent", "CaseTeam", "Consent", "DestructionRecord", "FormSubmission",
    "Goal",
    "CaseNameGram", "Household", "HouseholdMember", "HouseholdNameGram", "ListOption", "Note", "Notification", "Organization",
    "Plan", "PlannedService", "Linkage", "ReportDay", "ReportDirty",
    "ReportMonth", "ReportState", "Resource", "ResourceEdit", "ResourceGram", "ResourceNews",
    "ResourceProvider", "RoleChange", "ScreeningEntry", "ScreeningImport", "ScreeningList", "Transition", "User",
    "UserSession", "Zone", "consent_recipients", "resource_zones",
]
