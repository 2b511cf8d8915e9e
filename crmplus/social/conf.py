"""Platform credentials and switches: Django settings first, then the environment.

Nothing secret is written in code: a missing channel secret or app secret makes the
webhook refuse every call (403), and outbound sending is off unless switched on, so
a fresh install never talks to LINE or Facebook. Values are read on each call, so a
test can change them with the `settings` fixture.
"""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS = {
    "CRMPLUS_LINE_CHANNEL_SECRET": "",
    "CRMPLUS_LINE_CHANNEL_ACCESS_TOKEN": "",
    "CRMPLUS_LINE_API_BASE": "https://api.line.me",
    "CRMPLUS_FACEBOOK_APP_SECRET": "",
    "CRMPLUS_FACEBOOK_VERIFY_TOKEN": "",
    "CRMPLUS_FACEBOOK_PAGE_ACCESS_TOKEN": "",
    "CRMPLUS_FACEBOOK_GRAPH_BASE": "https://graph.facebook.com/v21.0",
    "CRMPLUS_SOCIAL_OUTBOUND_ENABLED": "false",
    "CRMPLUS_SOCIAL_TRIAGE_UNIT": "",
    "CRMPLUS_SOCIAL_MAX_BODY_BYTES": str(1024 * 1024),
    "CRMPLUS_SOCIAL_REJECTED_KEEP_BYTES": "4096",
    "CRMPLUS_SOCIAL_SEND_MAX_ATTEMPTS": "5",
    "CRMPLUS_SOCIAL_SEND_TIMEOUT": "10",
}


def get(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, DEFAULTS[name])
    return str(value)


def get_int(name: str) -> int:
    try:
        return int(get(name))
    except ValueError:
        return int(DEFAULTS[name])


def outbound_enabled() -> bool:
    return get("CRMPLUS_SOCIAL_OUTBOUND_ENABLED").strip().lower() in {"1", "true", "yes", "on"}


def secret_for(channel: str) -> str:
    name = "CRMPLUS_LINE_CHANNEL_SECRET" if channel == "line" else "CRMPLUS_FACEBOOK_APP_SECRET"
    return get(name)
