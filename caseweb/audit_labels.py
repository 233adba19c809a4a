"""Access-log codes in words: `household_view` reads "대상가구 조회", `transition:12` reads "의뢰·이관 12".

The log keeps stable English codes (they are what the filters and the chain hash hold);
the page shows them as what was done to what. A code is an object (the longest known
prefix) and a verb (the rest), with `_refused` for an attempt that was turned down. Case
steps take their words from the case actions table (which registers them here), referrals
and transfers from the transition statuses, so a new step needs no entry here. A module
below the features: they register their words, nothing here imports them.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .models.transition import TRANSITION_KINDS, TRANSITION_STATUSES

OBJECTS = {
    "access_log": _l("Access log"), "access_review": _l("Access-log review"), "account": _l("Account"),
    "admin_list_option": _l("Managed list option"), "admin_org": _l("Organisation"),
    "admin_user": _l("Account"), "admin_zone": _l("Zone"),
    "case": _l("Case"), "case_closure": _l("Case closure"), "case_new": _l("New case"),
    "case_note": _l("Contact note"), "case_team": _l("Case team"),
    "conference": _l("Conference"), "conference_action": _l("Conference action item"),
    "conference_agenda": _l("Conference agenda"), "conference_case": _l("Case on a conference agenda"),
    "conference_decision": _l("Conference decision"), "conference_minutes": _l("Conference minutes"),
    "consent": _l("Consent"), "consent_form": _l("Consent form"), "consent_scan": _l("Signed consent form"),
    "dashboard": _l("My work"), "duplicate_check": _l("Duplicate check"), "household": _l("Household"),
    "linkage": _l("Resource linkage"), "login": _l("Login"), "logout": _l("Logout"),
    "notifications": _l("Notifications"), "password": _l("Password"),
    "report": _l("Performance report"), "report_list": _l("List behind a figure"),
    "retention": _l("Expired records"), "rrn": _l("Resident registration number"),
    "screening": _l("Discovery"), "screening_entry": _l("Discovery entry"),
    "screening_intake": _l("Case opening from a discovery entry"), "screening_list": _l("Discovery list"),
    "team_board": _l("Team board"), "today_visit": _l("Today's visits"),
    **{kind: label for kind, label in TRANSITION_KINDS.items() if kind != "assign"},
}
VERBS = {
    "add": _l("added"), "approve": _l("approved"), "assign": _l("assigned"), "card": _l("card viewed"),
    "change": _l("changed"), "change_form": _l("change form opened"), "changed": _l("changed"),
    "confirm": _l("confirmed"), "conflict": _l("edit conflict"),
    "create": _l("registered"), "deactivate": _l("deactivated"), "done": _l("marked done"),
    "download": _l("downloaded"), "edit": _l("corrected"), "export": _l("downloaded"), "form": _l("form opened"),
    "held": _l("marked as held"), "history": _l("history viewed"), "import": _l("imported"),
    "limited": _l("limit reached"), "list": _l("list viewed"), "lists": _l("list viewed"),
    "locked": _l("locked"), "outcome": _l("result recorded"), "password_reset": _l("password reset"),
    "print": _l("printed"), "purge": _l("deleted after the retention period"), "reactivate": _l("reactivated"),
    "record": _l("recorded"), "remove": _l("removed"), "rename": _l("renamed"), "reopen": _l("reopened"),
    "return": _l("returned"), "reveal": _l("full number shown"), "revoke": _l("revoked"),
    "role_change": _l("role changed"), "save": _l("saved"), "search": _l("searched"),
    "sections": _l("visible sections changed"), "sent": _l("sent"), "summary": _l("summary viewed"),
    "unlock": _l("unlocked"), "update": _l("changed"), "upload": _l("file uploaded"), "view": _l("viewed"),
    **TRANSITION_STATUSES,
}
TARGETS = {
    "case": _l("Case"), "conference": _l("Conference"), "consent": _l("Consent"), "consents": _l("Consent"),
    "list_option": _l("Managed list option"), "month": _l("Month"),
    "note": _l("Contact note"), "org": _l("Organisation"), "reports": _l("Report"), "resource": _l("Resource"),
    "screening_entry": _l("Discovery entry"), "screening_import": _l("Discovery upload"),
    "screening_list": _l("Discovery list"), "transition": _l("Referral or transfer"), "user": _l("Account"),
    "zone": _l("Zone"),
}
REFUSED = "_refused"
CASE_STEPS = {}    # case action name -> its words in the history (caseweb.cases.actions registers them)
TARGET_WORDS = {}  # target kind -> function(value) -> words (figures, search kinds)


def register_case_steps(steps: dict) -> None:
    CASE_STEPS.update(steps)


def register_target(kind: str, label, words) -> None:
    """A target kind (`figure:…`) with its label and a function giving the value's words."""
    TARGETS[kind] = label
    TARGET_WORDS[kind] = words


def _split(code: str) -> tuple[str | None, str]:
    """(longest known object prefix, the rest) of a code."""
    parts = code.split("_")
    for cut in range(len(parts), 0, -1):
        head = "_".join(parts[:cut])
        if head in OBJECTS:
            return head, "_".join(parts[cut:])
    return None, code


def _verb(obj: str, rest: str):
    if obj == "case" and rest in CASE_STEPS:
        return CASE_STEPS[rest]
    return VERBS.get(rest)


def action_label(code: str) -> str:
    """The code in words, or the code itself when a part of it is unknown."""
    refused = code.endswith(REFUSED)
    base = code[: -len(REFUSED)] if refused else code
    obj, rest = _split(base)
    if obj is None:
        return code
    words = str(OBJECTS[obj])
    if rest:
        verb = _verb(obj, rest)
        if verb is None:
            return code
        words = _("%(thing)s %(done)s", thing=words, done=verb)
    return _("%(action)s (refused)", action=words) if refused else words


def target_label(target: str | None) -> str:
    """`transition:12` as "의뢰·이관 12"; a figure by its name; anything unknown as it is."""
    if not target or ":" not in target:
        return target or ""
    kind, _sep, ids = target.partition(":")
    if kind not in TARGETS:
        return target
    if kind in TARGET_WORDS:
        return _("%(thing)s %(done)s", thing=TARGETS[kind], done=TARGET_WORDS[kind](ids))
    return _("%(thing)s %(done)s", thing=TARGETS[kind], done=ids.replace(",", ", "))


def action_choices(codes) -> list[tuple[str, str]]:
    """The filter's options: each code once, by its words."""
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])
