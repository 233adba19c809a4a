"""Reassessment: it starts from the last assessment, and each saved one says which needs changed."""
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Assessment
from ..models.records import NEED_DOMAINS, NEED_KEYS


@dataclass(frozen=True)
class NeedChange:
    key: str  # the sub-domain
    before: int
    after: int

    @property
    def higher(self) -> bool:
        return self.after > self.before


def latest(case) -> Assessment | None:
    return db.session.scalar(select(Assessment).where(Assessment.case_id == case.id)
                             .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(1))


def carried_over(case) -> dict:
    """The reassessment form's starting values: the last assessment's levels, crisis level and strengths."""
    last = latest(case)
    if last is None:
        return {}
    data = {f"need_{key}": int((last.needs or {}).get(key, 0)) for key in NEED_KEYS}
    data.update(crisis_level=last.crisis_level, strengths=last.strengths)
    return data


Changes = dict[str, dict[str, NeedChange]]  # domain key -> sub-domain key -> its change


def need_changes(before: Assessment | None, after: Assessment) -> Changes:
    """Changed sub-domains of `after` against `before`, by domain (empty for a first assessment)."""
    if before is None:
        return {}
    old, new = before.needs or {}, after.needs or {}
    changes: Changes = {}
    for domain, (_label, subs) in NEED_DOMAINS.items():
        found = {key: NeedChange(key, int(old.get(key, 0)), int(new.get(key, 0)))
                 for key in subs if int(old.get(key, 0)) != int(new.get(key, 0))}
        if found:
            changes[domain] = found
    return changes


def changes_by_assessment(assessments: list[Assessment]) -> dict[int, Changes]:
    """For assessments listed newest first: each one's changes against the one before it."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
    return {a.id: need_changes(ordered[i - 1] if i else None, a) for i, a in enumerate(ordered)}
