"""Seminars API (owned by crmplus.seminars)."""

from ninja import Router

router = Router(tags=["Seminars"])
