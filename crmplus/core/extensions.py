"""Extension points: how an app adds itself to pages and jobs it does not own.

Each app registers in its `AppConfig.ready()`; the owner of the page or job walks
the registry. This keeps the customer page, the dashboards, the demo loader and
the daily scheduler free of imports from every app that contributes to them.

- `register_customer_tab`: a tab on the customer page, loaded with htmx from a
  URL that takes the BP's primary key (`reverse(url_name, args=[bp.pk])`).
  The view must scope the BP itself (`BusinessPartner.objects.for_user`).
- `register_timeline_source`: entries of the customer timeline
  (`fn(bp, user) -> Iterable[TimelineEntry]`), already scoped to `user`.
- `register_dashboard_panel`: a panel of the office/area/region/nation
  dashboards (`fn(request, scope) -> str`, rendered HTML; `scope` is a
  `DashboardScope`).
- `register_demo_step`: a step of `manage.py demo_data` (`fn(seed) -> str`,
  the line it prints); steps run in `order` after the organisation,
  customers, key accounts, workforce and risk.
- `register_daily_job`: a job the scheduler runs once a day
  (`fn(day) -> str`, a one-line summary); see `crmplus.core.scheduler`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class CustomerTab:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the customer timeline."""

    at: datetime  # aware
    kind: str  # "visit", "call", "service", "risk", "approval", "survey", …
    title: str
    detail: str = ""
    url: str = ""
    icon: str = ""  # a short label or emoji-free symbol shown in the badge


@dataclass(frozen=True)
class DashboardScope:
    """What a dashboard shows: a level, the unit at that level, its units and a fiscal year."""

    level: str  # "office", "area", "region", "nation"
    unit: Any  # OrgUnit or None for the nation
    unit_ids: QuerySet | list[int]  # the unit and every unit under it
    fy: int  # Buddhist-era fiscal year
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    title: Any
    render: Callable[[Any, DashboardScope], str]
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    name: str
    load: Callable[[int], str]
    order: int = 100


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[date], str]


_customer_tabs: dict[str, CustomerTab] = {}
_timeline_sources: dict[str, Callable[[Any, Any], Iterable[TimelineEntry]]] = {}
_dashboard_panels: dict[str, DashboardPanel] = {}
_demo_steps: dict[str, DemoStep] = {}
_daily_jobs: dict[str, DailyJob] = {}


def register_customer_tab(key: str, label: Any, url_name: str, order: int = 100) -> None:
    _customer_tabs[key] = CustomerTab(key, label, url_name, order)


def customer_tabs() -> list[CustomerTab]:
    return sorted(_customer_tabs.values(), key=lambda t: (t.order, t.key))


def register_timeline_source(key: str, fn: Callable[[Any, Any], Iterable[TimelineEntry]]) -> None:
    _timeline_sources[key] = fn


def timeline_sources() -> dict[str, Callable[[Any, Any], Iterable[TimelineEntry]]]:
    return dict(_timeline_sources)


def register_dashboard_panel(
    key: str, title: Any, render: Callable[[Any, DashboardScope], str], order: int = 100
) -> None:
    _dashboard_panels[key] = DashboardPanel(key, title, render, order)


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_dashboard_panels.values(), key=lambda p: (p.order, p.key))


def register_demo_step(name: str, load: Callable[[int], str], order: int = 100) -> None:
    _demo_steps[name] = DemoStep(name, load, order)


def demo_steps() -> list[DemoStep]:
    return sorted(_demo_steps.values(), key=lambda s: (s.order, s.name))


def register_daily_job(name: str, run: Callable[[date], str]) -> None:
    _daily_jobs[name] = DailyJob(name, run)


def daily_jobs() -> list[DailyJob]:
    return [_daily_jobs[name] for name in sorted(_daily_jobs)]
