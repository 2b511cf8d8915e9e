"""Bench settings: the real settings plus a bare baseline view (bench/urls.py).

DEBUG comes from the environment exactly as in production (off unless
DJANGO_DEBUG=1); only the URLconf changes, so the baseline view goes through
the very same middleware stack as the pages it is compared with.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
