"""Prospects API (owned by crmplus.prospects)."""

from ninja import Router

router = Router(tags=["Prospects"])
