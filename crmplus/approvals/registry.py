"""The kinds of approval: what each capability asks to have approved, and what
happens when it is decided.

An app registers its kinds once, from its AppConfig.ready():

    from crmplus.approvals.registry import register_kind

    register_kind(
        "keyaccounts.list",
        label=_("Key-account list"),
        on_approved=ka_list_activate,      # (subject, request, by) -> None
        on_rejected=ka_list_reopen,        # optional
    )

Callbacks run inside the decision's transaction, after the request row has been
updated: a callback that raises ValidationError rolls the decision back and its
message reaches the user, so a callback is where the subject's own rules live
("the list changed since it was submitted").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (subject, request, by) -> None
Callback = Callable[[Any, Any, Any], None]


@dataclass(frozen=True)
class ApprovalKind:
    key: str
    label: Any  # usually a lazy translation
    on_approved: Callback
    on_rejected: Callback | None = None
    on_withdrawn: Callback | None = None


_KINDS: dict[str, ApprovalKind] = {}


def register_kind(
    kind: str,
    *,
    label: Any,
    on_approved: Callback,
    on_rejected: Callback | None = None,
    on_withdrawn: Callback | None = None,
) -> ApprovalKind:
    """Register (or re-register: the last registration wins) an approval kind."""
    if not kind or len(kind) > 64:
        raise ValueError("A kind is a key of 1 to 64 characters, e.g. 'keyaccounts.list'.")
    if not callable(on_approved):
        raise TypeError("on_approved must be callable.")
    entry = ApprovalKind(kind, label, on_approved, on_rejected, on_withdrawn)
    _KINDS[kind] = entry
    return entry


def unregister_kind(kind: str) -> None:
    """Forget a kind (tests register throw-away kinds)."""
    _KINDS.pop(kind, None)


def get_kind(kind: str) -> ApprovalKind:
    """The registered kind, or a ValidationError naming the unknown key."""
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValidationError(
            {"kind": _("Unknown approval kind: %(kind)s") % {"kind": kind}}, code="unknown_kind"
        ) from None


def find_kind(kind: str) -> ApprovalKind | None:
    return _KINDS.get(kind)


def kind_label(kind: str) -> str:
    """The kind's label, or its raw key when no app registers it any more."""
    entry = _KINDS.get(kind)
    return str(entry.label) if entry else kind


def registered_kinds() -> list[ApprovalKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)
