# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test controls over API and Auth traffic: injected faults, rate limit, latency, request log.

These are not part of the emulated service. ``gateway`` applies them to each request
before the request reaches the Flask app, and the ``/_emulator`` control routes configure them.
"""

from __future__ import annotations

import collections
import dataclasses
import math
import re
import threading
import time
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Pattern, Union

# Entries kept in the request log. Older entries are discarded first.
REQUEST_LOG_SIZE = 10000


@dataclasses.dataclass
class FaultRule:
    """One injected fault, matched by method and path relative to the API or Auth base path.

    ``remaining`` is how many more requests the fault applies to, or None for every
    matching request. ``after`` lets the request take effect before the fault
    replaces its response, as when a gateway loses the response of a write.
    """

    id: str
    method: Optional[str]
    path: Optional[str]
    path_pattern: Optional[Pattern[str]]
    status: Optional[int]
    body: Union[str, Dict[str, Any], List[Any], None]
    content_type: Optional[str]
    retry_after: Optional[str]
    latency: float
    drop: bool
    malformed: bool
    remaining: Optional[int]
    after: bool

    @classmethod
    def from_spec(cls, fault_id: str, spec: Mapping[str, Any]) -> "FaultRule":
        """Validate a fault specification from the control API. Raises ValueError."""
        allowed = {
            "method", "path", "path_regex", "status", "body", "content_type", "retry_after",
            "latency", "drop", "malformed", "times", "after",
        }
        unknown = sorted(str(key) for key in spec if key not in allowed)
        if unknown:
            raise ValueError("unknown fault field %s (allowed: %s)" % (", ".join(unknown), ", ".join(sorted(allowed))))

        method = _optional_string(spec, "method")
        path = _optional_string(spec, "path")
        path_regex = _optional_string(spec, "path_regex")
        if path is not None and path_regex is not None:
            raise ValueError("give either path or path_regex, not both")
        try:
            path_pattern = re.compile(path_regex) if path_regex is not None else None
        except re.error as error:
            raise ValueError("path_regex %r is not a valid regular expression: %s" % (path_regex, error)) from None

        status = spec.get("status")
        if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
            raise ValueError("status must be an HTTP status code from 100 to 599, got %r" % (status,))

        body = spec.get("body")
        if body is not None and not isinstance(body, (str, dict, list)):
            raise ValueError("body must be a string or JSON, got %r" % (body,))

        drop = _flag(spec, "drop")
        malformed = _flag(spec, "malformed")
        latency = _non_negative_number(spec, "latency") or 0.0
        if drop and (status is not None or body is not None or malformed):
            raise ValueError("drop sends no response, so it cannot be combined with status, body or malformed")
        if malformed and body is not None:
            raise ValueError("malformed sends its own invalid body, so it cannot be combined with body")
        if status is None and not drop and not malformed and latency == 0:
            raise ValueError("a fault needs status, drop, malformed or latency")

        times = spec.get("times")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError("times must be a positive integer, got %r" % (times,))

        return cls(
            id=fault_id,
            method=method.upper() if method else None,
            path=path,
            path_pattern=path_pattern,
            status=status,
            body=body,
            content_type=_optional_string(spec, "content_type"),
            retry_after=_retry_after(spec.get("retry_after")),
            latency=latency,
            drop=drop,
            malformed=malformed,
            remaining=times,
            after=_flag(spec, "after"),
        )

    def matches(self, method: str, relative_path: str) -> bool:
        """Return True if the fault applies. ``path_regex`` must match the whole relative path."""
        if self.remaining == 0:
            return False
        if self.method is not None and self.method != method.upper():
            return False
        if self.path is not None and self.path != relative_path:
            return False
        if self.path_pattern is not None and self.path_pattern.fullmatch(relative_path) is None:
            return False
        return True

    @property
    def replaces_response(self) -> bool:
        """True when the fault replaces the response (by its own or by none), False for latency only."""
        return self.status is not None or self.drop or self.malformed

    def describe(self) -> Dict[str, Any]:
        """Return the fault as JSON for the control API."""
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "path_regex": self.path_pattern.pattern if self.path_pattern is not None else None,
            "status": self.status,
            "retry_after": self.retry_after,
            "latency": self.latency,
            "drop": self.drop,
            "malformed": self.malformed,
            "after": self.after,
            "remaining": self.remaining,
        }


class RateLimiter:
    """A sliding-window limit: at most ``limit`` admitted requests in any ``window`` seconds.

    Rejected requests do not count, so a client that waits for Retry-After gets through.
    """

    def __init__(
        self,
        limit: int,
        window: float,
        retry_after: Optional[str] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.retry_after = retry_after
        self._clock = clock
        self._admitted: Deque[float] = collections.deque()

    def admit(self) -> Optional[str]:
        """Count a request. Return None to admit it, else the Retry-After value to send."""
        now = self._clock()
        while self._admitted and self._admitted[0] <= now - self.window:
            self._admitted.popleft()
        if len(self._admitted) < self.limit:
            self._admitted.append(now)
            return None
        if self.retry_after is not None:
            return self.retry_after
        if not self._admitted:
            return str(max(1, math.ceil(self.window)))
        # Seconds until the oldest admitted request leaves the window.
        return str(max(1, math.ceil(self._admitted[0] + self.window - now)))

    def describe(self) -> Dict[str, Any]:
        return {"limit": self.limit, "window": self.window, "retry_after": self.retry_after}


class TrafficControls:
    """Faults, rate limit, latency and request log of one emulator.

    Every method takes the lock shared with the emulator state, so one lock guards
    everything an emulator stores.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._faults: List[FaultRule] = []
        self._next_fault_number = 1
        self._rate_limiter: Optional[RateLimiter] = None
        self._latency = 0.0
        self._requests: Deque[Dict[str, Any]] = collections.deque(maxlen=REQUEST_LOG_SIZE)

    def clear(self) -> None:
        """Remove all faults, the rate limit and the latency, and empty the request log."""
        with self._lock:
            self._faults.clear()
            self._rate_limiter = None
            self._latency = 0.0
            self._requests.clear()

    def add_fault(self, spec: Mapping[str, Any]) -> FaultRule:
        """Validate and add a fault. Raises ValueError."""
        with self._lock:
            fault = FaultRule.from_spec("fault-%d" % self._next_fault_number, spec)
            self._next_fault_number += 1
            self._faults.append(fault)
            return fault

    def list_faults(self) -> List[Dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults if fault.remaining != 0]

    def remove_fault(self, fault_id: str) -> bool:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.id == fault_id:
                    del self._faults[index]
                    return True
            return False

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def take_fault(self, method: str, relative_path: str) -> Optional[FaultRule]:
        """Return the first fault that matches the request, counting one use of it."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, relative_path):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
            return None

    def set_rate_limit(self, limit: int, window: float, retry_after: Optional[str]) -> None:
        with self._lock:
            self._rate_limiter = RateLimiter(limit, window, retry_after)

    def clear_rate_limit(self) -> None:
        with self._lock:
            self._rate_limiter = None

    def admit_api_request(self) -> Optional[str]:
        """Apply the rate limit. Return None to admit, else the Retry-After value."""
        with self._lock:
            if self._rate_limiter is None:
                return None
            return self._rate_limiter.admit()

    def set_latency(self, seconds: float) -> None:
        with self._lock:
            self._latency = seconds

    def latency(self) -> float:
        with self._lock:
            return self._latency

    def record_request(self, method: str, path: str, query: str, status: int, operation: Optional[str]) -> None:
        """Log an API or Auth request. Header values and bodies are never stored."""
        with self._lock:
            self._requests.append(
                {"method": method, "path": path, "query": query, "status": status, "operation": operation}
            )

    def requests(self) -> List[Dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._requests]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def describe(self) -> Dict[str, Any]:
        with self._lock:
            return {
                "faults": [fault.describe() for fault in self._faults if fault.remaining != 0],
                "rate_limit": self._rate_limiter.describe() if self._rate_limiter else None,
                "latency": self._latency,
            }


def parse_rate_limit(spec: Mapping[str, Any]) -> Dict[str, Any]:
    """Validate the body of ``POST /_emulator/rate_limit``. Raises ValueError."""
    limit = spec.get("limit")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError("limit must be a non-negative integer, got %r" % (limit,))
    window = _non_negative_number(spec, "window")
    if not window:
        raise ValueError("window must be a positive number of seconds, got %r" % (spec.get("window"),))
    return {"limit": limit, "window": window, "retry_after": _retry_after(spec.get("retry_after"))}


def parse_latency(spec: Mapping[str, Any]) -> float:
    """Validate the body of ``POST /_emulator/latency``. Raises ValueError."""
    if spec.get("seconds") is None:
        raise ValueError("seconds is missing")
    return _non_negative_number(spec, "seconds") or 0.0


def _retry_after(value: Any) -> Optional[str]:
    """Return the Retry-After header value. Numbers are seconds, and strings (e.g. an
    HTTP date) are sent as they are."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("retry_after must be a number of seconds or a string, got %r" % (value,))
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("retry_after must not be negative, got %r" % (value,))
        return str(math.ceil(value))
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError("retry_after must be a number of seconds or a string, got %r" % (value,))


def _optional_string(spec: Mapping[str, Any], key: str) -> Optional[str]:
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError("%s must be a non-empty string, got %r" % (key, value))
    return value


def _flag(spec: Mapping[str, Any], key: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise ValueError("%s must be true or false, got %r" % (key, value))
    return value


def _non_negative_number(spec: Mapping[str, Any], key: str) -> Optional[float]:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("%s must be a non-negative number of seconds, got %r" % (key, value))
    return float(value)
