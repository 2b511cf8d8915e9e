"""Social-media CRM API (owned by crmplus.social)."""

from ninja import Router

router = Router(tags=["Social-media CRM"])
