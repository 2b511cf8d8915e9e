"""Technical services API (owned by crmplus.techservices)."""

from ninja import Router

router = Router(tags=["Technical services"])
