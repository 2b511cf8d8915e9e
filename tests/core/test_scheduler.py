"""The daily scheduler runs each registered job once a day and survives a failing job."""

from datetime import date

import pytest
from django.core.management import call_command

from crmplus.core import extensions
from crmplus.core.models import DailyJobRun
from crmplus.core.scheduler import run_daily_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(extensions, "_daily_jobs", {})
    calls = []

    def ok(day):
        calls.append(day)
        return f"ran for {day}"

    def broken(day):
        raise RuntimeError("mail server down")

    extensions.register_daily_job("test.ok", ok)
    extensions.register_daily_job("test.broken", broken)
    return calls


def test_a_job_runs_once_a_day(jobs):
    day = date(2026, 11, 26)
    first = run_daily_jobs(day)
    assert first["test.ok"] == "ran for 2026-11-26"
    assert run_daily_jobs(day).get("test.ok") is None
    assert jobs == [day]
    run_daily_jobs(date(2026, 11, 27))
    assert jobs == [day, date(2026, 11, 27)]


def test_a_failing_job_is_recorded_and_retried_without_stopping_the_others(jobs):
    day = date(2026, 11, 26)
    done = run_daily_jobs(day)
    assert done["test.broken"].startswith("failed: mail server down")
    assert DailyJobRun.objects.get(name="test.broken", day=day).failed
    assert jobs == [day]
    # The next hour tries the failed one again, not the one that succeeded.
    again = run_daily_jobs(day)
    assert set(again) == {"test.broken"}


def test_command_lists_and_runs(jobs, capsys):
    call_command("daily_jobs", "--list")
    assert "test.ok" in capsys.readouterr().out
    call_command("daily_jobs", "--date", "2026-12-01", "--job", "test.ok")
    assert "test.ok: ran for 2026-12-01" in capsys.readouterr().out
