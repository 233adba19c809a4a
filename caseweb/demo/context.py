"""The demo's shared state: seeded randomness, today, and what was built so far."""
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from faker import Faker

from .. import numbering
from ..models import Case, Household
from ..timeutil import SEOUL


@dataclass
class CaseDraft:
    """A case before its records exist: records need the case's id, known after a flush."""

    case: object
    household: object
    lead: str = ""                                 # org slug
    needs: dict = field(default_factory=dict)
    crisis: str = "low"
    # Explicit (kind, day, body) notes and (domain, goal, service, provider) plan lines
    # for the named stories; generic cases get generated ones.
    notes: list | None = None
    plan: list | None = None
    involved: set = field(default_factory=set)     # org slugs the case's data went to
    consent_to: set | None = None                  # consent recipients, when narrower than involved
    sensitive: bool = False
    revoked_to: set = field(default_factory=set)   # orgs a since-revoked consent covered


# People's birth dates count from this fixed day, so their resident numbers do not
# change with the date the demo is loaded (ages drift by a year a year; fine for a demo).
IDENTITY_EPOCH = date(2026, 6, 1)


@dataclass
class Demo:
    seed: int
    today: date
    password_hash: str
    identity_epoch: date = IDENTITY_EPOCH
    rrn_protect: object = None                     # rrn -> (encrypted, index, masked)
    rng: random.Random = None
    fake: Faker = None
    zones: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)       # slug -> Organization
    staff: dict = field(default_factory=dict)      # slug -> [User] who carry cases
    users: dict = field(default_factory=dict)      # username -> User
    drafts: list = field(default_factory=list)
    households: list = field(default_factory=list)
    transitions: list = field(default_factory=list)
    reroutes: list = field(default_factory=list)   # (original, new) Transition pairs
    counts: Counter = field(default_factory=Counter)
    _household_seq: int = 0
    _case_seq: int = 0

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.fake = Faker("ko_KR")
        self.fake.seed_instance(self.seed)
        # Continue numbering after rows that already exist (a database with real data).
        self._household_seq = numbering.last_sequence(Household.number, numbering.prefix("H", self.today.year))
        self._case_seq = numbering.last_sequence(Case.number, numbering.prefix("C", self.today.year))

    def household_number(self) -> str:
        self._household_seq += 1
        return numbering.format_number(numbering.prefix("H", self.today.year), self._household_seq)

    def case_number(self) -> str:
        self._case_seq += 1
        return numbering.format_number(numbering.prefix("C", self.today.year), self._case_seq)

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def at(self, day: date, hour: int | None = None) -> datetime:
        """A working-hours moment on a KST day, timezone-aware (stored as UTC)."""
        hour = self.rng.randint(9, 17) if hour is None else hour
        return datetime.combine(day, time(hour, self.rng.randrange(0, 60, 5)), tzinfo=SEOUL)

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def staff_of_org(self, org_id: int) -> list:
        return [u for users in self.staff.values() for u in users if u.org_id == org_id]

    def worker(self, slug: str, prefer: str | None = None):
        """A case manager of the org: `prefer` (a username) when given, else any of its staff."""
        if prefer and prefer in self.users:
            return self.users[prefer]
        return self.pick(self.staff[slug])
