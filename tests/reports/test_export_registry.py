"""Registering an export: one way or the other, and writers that report progress get it."""

import pytest

from crmplus.reports.exports import register_export
from crmplus.reports.exports_builtin import _call_writer


def test_it_wants_either_rows_or_a_writer():
    with pytest.raises(ValueError, match="either"):
        register_export("x.both", "x", lambda *a: [], columns=lambda: [], write=lambda *a: 0)
    with pytest.raises(ValueError, match="either"):
        register_export("x.none", "x")
    with pytest.raises(ValueError, match="columns"):
        register_export("x.cols", "x", lambda *a: [])


def test_it_passes_progress_only_to_a_writer_that_takes_it():
    seen = []

    def old_writer(*, user, path):
        return 3

    def new_writer(*, user, path, progress):
        progress(2)
        return 2

    assert _call_writer(old_writer, seen.append, user=None, path=None) == 3
    assert _call_writer(new_writer, seen.append, user=None, path=None) == 2
    assert seen == [2]
