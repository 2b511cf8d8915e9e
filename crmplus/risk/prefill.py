"""What other apps already know about a customer's risk, offered to its first assessment.

An app registers `fn(bp, lang=...) -> object with .values and .notes (dicts by factor
key) or None`; the assessment form of a customer with no assessment yet starts from
the merge of them (the assessor still confirms every value). The new-customer
pipeline uses it: the SPP and self-generation alternatives a prospect considered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_P: dict[str, Callable[..., Any]] = {}


def register_prefill(key: str, fn: Callable[..., Any]) -> None:
    _P[key] = fn


def prefill_for(bp, lang: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for key in sorted(_P):
        found = _P[key](bp, lang=lang)
        if found is None:
            continue
        values.update(found.values)
        notes.update(found.notes)
    return (values, notes) if values or notes else None
