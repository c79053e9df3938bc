"""Per-member rate limits for social actions, shared by people and messaging.

Fixed windows in the shared cache (database or Redis), so every web process counts together.
Rates are "N/s|m|h|d"; `settings.PEOPLE_RATE_LIMITS` may override any scope (tests make them tiny).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATES = {
    "connection_request": "20/h",
    "follow": "60/h",
    "endorsement": "30/h",
    "message": "30/m",
    # Messages to members who are not connections: tighter, the usual spam path.
    "message_stranger": "10/h",
    "report": "10/h",
    "conversation": "20/h",
}
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"Too many {scope} actions; try again in {retry_after} seconds.")
        self.scope = scope
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)


def hit(scope: str, user_id: int) -> None:
    """Count one action; raise RateLimited when the member is over the limit for `scope`."""
    overrides = getattr(settings, "PEOPLE_RATE_LIMITS", {})
    limit, period = parse_rate(overrides.get(scope, DEFAULT_RATES[scope]))
    now = int(time.time())
    window = now // period
    key = f"rl:{scope}:{user_id}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        raise RateLimited(scope, retry_after=max(1, (window + 1) * period - now))


class ApiRateLimitMixin:
    """For DRF views: a RateLimited from a service becomes 429 with Retry-After."""

    def handle_exception(self, exc: Exception):  # type: ignore[no-untyped-def]
        if isinstance(exc, RateLimited):
            from rest_framework.exceptions import Throttled

            exc = Throttled(wait=exc.retry_after)
        return super().handle_exception(exc)  # type: ignore[misc]
