# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""WSGI middleware that applies the traffic controls to API and Auth requests.

For each API request it waits the configured latency, applies the rate limit, then
the first matching fault. Auth requests get faults only. Every API and Auth request
goes into the request log with the status sent, or 0 when the connection was
dropped. Control requests pass straight through. Every request is logged with its
method, path and status to the Python logger, never with headers, query or body.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any, Callable, Iterable, List, Optional, Tuple

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map
from werkzeug.wrappers import Response

from .errors import RATE_LIMITED, error_body, status_code_name
from .paths import split_service_path
from .state import EmulatorState
from .traffic import FaultRule

logger = logging.getLogger(__name__)

# Blueprints whose view function names are API or Auth operation names.
_OPERATION_BLUEPRINTS = ("api", "auth")

# The body of a ``malformed`` fault: JSON cut off in the middle of a document.
MALFORMED_BODY = '{"data": [{"id": "1", "type": "organization", "attributes": {"name": "Trunc'

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class Gateway:
    """Middleware around the Flask WSGI app. The module docstring lists what it does to each request."""

    def __init__(self, app: WsgiApp, state: EmulatorState, url_map: Map) -> None:
        self._app = app
        self._state = state
        self._url_map = url_map

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        service, relative_path = split_service_path(path)

        if service is None:
            return self._app(environ, self._logging_start_response(start_response, method, path))

        operation = self._operation_name(environ)

        def record(status: int, note: str = "") -> None:
            self._state.traffic.record_request(method, path, environ.get("QUERY_STRING", ""), status, operation)
            logger.info("%s %s %s%s", method, path, status, note)

        if service == "api":
            latency = self._state.traffic.latency()
            if latency:
                time.sleep(latency)
            retry_after = self._state.traffic.admit_api_request()
            if retry_after is not None:
                record(429, " (rate limit)")
                return _rate_limited_response(retry_after)(environ, start_response)

        fault = self._state.traffic.take_fault(method, relative_path)
        if fault is not None and fault.latency:
            time.sleep(fault.latency)
        if fault is None or not fault.replaces_response:
            return self._app(environ, self._recording_start_response(start_response, record))

        if fault.after:
            self._run_and_discard(environ)
        if fault.drop:
            record(0, " (connection dropped by %s)" % fault.id)
            _drop_connection(environ)

        response = _fault_response(fault, method, relative_path)
        record(response.status_code, " (%s)" % fault.id)
        return response(environ, start_response)

    def _operation_name(self, environ: dict) -> Optional[str]:
        """Return the operation of the route the request matches, or None."""
        try:
            endpoint = str(self._url_map.bind_to_environ(environ).match()[0])
        except HTTPException:
            return None
        blueprint, separator, name = endpoint.partition(".")
        return name if separator and blueprint in _OPERATION_BLUEPRINTS else None

    def _run_and_discard(self, environ: dict) -> None:
        """Run the request to completion so that its effect applies, and drop the response."""

        def discard_start_response(status: str, headers: List[Tuple[str, str]], exc_info: Any = None) -> Callable:
            return lambda data: None

        result = self._app(environ, discard_start_response)
        try:
            b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    @staticmethod
    def _recording_start_response(start_response: StartResponse, record: Callable[[int], None]) -> StartResponse:
        def recording_start_response(status: str, headers: List[Tuple[str, str]], exc_info: Any = None) -> Any:
            record(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        return recording_start_response

    @staticmethod
    def _logging_start_response(start_response: StartResponse, method: str, path: str) -> StartResponse:
        def logging_start_response(status: str, headers: List[Tuple[str, str]], exc_info: Any = None) -> Any:
            logger.info("%s %s %s", method, path, status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        return logging_start_response


def _rate_limited_response(retry_after: str) -> Response:
    body = error_body(
        429,
        RATE_LIMITED,
        "Too many requests for this API key. Retry after the time in the Retry-After header (%s)." % retry_after,
    )
    return Response(json.dumps(body), status=429, headers={"Retry-After": retry_after}, mimetype="application/json")


def _fault_response(fault: FaultRule, method: str, relative_path: str) -> Response:
    status = fault.status if fault.status is not None else 200
    if fault.malformed:
        body = MALFORMED_BODY
        content_type = fault.content_type or "application/json"
    elif fault.body is None:
        detail = "Fault %s injected by the emulator for %s %s." % (fault.id, method, relative_path)
        body = json.dumps(error_body(status, status_code_name(status), detail))
        content_type = fault.content_type or "application/json"
    elif isinstance(fault.body, str):
        body = fault.body
        content_type = fault.content_type or "text/plain; charset=utf-8"
    else:
        body = json.dumps(fault.body)
        content_type = fault.content_type or "application/json"

    response = Response(body, status=status, content_type=content_type)
    if fault.retry_after is not None:
        response.headers["Retry-After"] = fault.retry_after
    return response


def _drop_connection(environ: dict) -> None:
    """Close the client connection without a response.

    Shutting the socket down makes the client see the connection end. The
    ConnectionAbortedError then stops werkzeug's request handler, which (in werkzeug
    3.1) treats connection errors as a client that went away and writes nothing. This needs
    werkzeug's server, which puts the socket in ``werkzeug.socket``.
    """
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionAbortedError("connection dropped by an injected fault")
