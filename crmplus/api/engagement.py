"""Engagement API (owned by crmplus.engagement)."""

from ninja import Router

router = Router(tags=["Engagement"])
