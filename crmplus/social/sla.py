"""SLA targets and timers of social-media cases (pure: no Django import).

Targets are calendar minutes per category (the settings `social.sla`): a first
response within N minutes of the case opening, a resolution (closing) within M.
A timer is "met" when done by its due time, "missed" when done after it, and while
running either "running" (time left) or "breached" (past due, not done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CATEGORIES = ("outage", "bill", "meter", "new_connection", "complaint", "other")

# Defaults (minutes): outages are urgent; a new connection takes days of field work.
DEFAULT_SLA = {
    "outage": {"first_response_minutes": 15, "resolution_minutes": 4 * 60},
    "bill": {"first_response_minutes": 60, "resolution_minutes": 2 * 24 * 60},
    "meter": {"first_response_minutes": 60, "resolution_minutes": 3 * 24 * 60},
    "new_connection": {"first_response_minutes": 120, "resolution_minutes": 7 * 24 * 60},
    "complaint": {"first_response_minutes": 30, "resolution_minutes": 3 * 24 * 60},
    "other": {"first_response_minutes": 120, "resolution_minutes": 3 * 24 * 60},
}
MAX_MINUTES = 365 * 24 * 60


@dataclass(frozen=True)
class SlaTarget:
    first_response_minutes: int
    resolution_minutes: int


def parse_sla(raw: object) -> dict[str, SlaTarget]:
    """Targets for every category from a settings value; ValueError says what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("the SLA setting is an object keyed by category")
    out = {}
    for category in CATEGORIES:
        row = raw.get(category, DEFAULT_SLA[category])
        if not isinstance(row, dict):
            raise ValueError(f"{category}: an object with the two targets")
        values = []
        for key in ("first_response_minutes", "resolution_minutes"):
            value = row.get(key)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{category}.{key}: a whole number of minutes")
            if not 1 <= value <= MAX_MINUTES:
                raise ValueError(f"{category}.{key}: between 1 and {MAX_MINUTES} minutes")
            values.append(value)
        if values[1] < values[0]:
            raise ValueError(f"{category}: resolution cannot come before the first response")
        out[category] = SlaTarget(*values)
    unknown = set(raw) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories: {', '.join(sorted(unknown))}")
    return out


def due_at(opened_at: dt.datetime, minutes: int) -> dt.datetime:
    return opened_at + dt.timedelta(minutes=minutes)


@dataclass(frozen=True)
class Timer:
    state: str  # "running", "breached", "met", "missed"
    due: dt.datetime
    seconds_left: int  # negative when past due (running timers only; 0 otherwise)

    @property
    def is_bad(self) -> bool:
        return self.state in {"breached", "missed"}


def timer(due: dt.datetime, done_at: dt.datetime | None, now: dt.datetime) -> Timer:
    if done_at is not None:
        return Timer("met" if done_at <= due else "missed", due, 0)
    left = int((due - now).total_seconds())
    return Timer("running" if left >= 0 else "breached", due, left)


def minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 60
