# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Flask application: API, Auth and control routes behind the traffic gateway."""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from .api import api, authenticate_api_request
from .auth import auth
from .control import control
from .errors import ApiError, status_code_name
from .gateway import Gateway
from .paths import API_PREFIX, AUTH_PREFIX, CONTROL_PREFIX
from .state import EmulatorState
from .web import STATE_EXTENSION, error_response

logger = logging.getLogger(__name__)


def create_app(emulator_state: EmulatorState) -> Flask:
    """Build the WSGI app that serves ``emulator_state``.

    The returned app's ``wsgi_app`` is wrapped in the Gateway, so faults, rate limit
    and the request log apply however the app is served.
    """
    app = Flask("makakoo_emulator")
    # Keep attribute order as written and send names such as "Chloé" as UTF-8.
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions[STATE_EXTENSION] = emulator_state

    app.before_request(authenticate_api_request)
    app.register_blueprint(api, url_prefix=API_PREFIX)
    app.register_blueprint(auth, url_prefix=AUTH_PREFIX)
    app.register_blueprint(control, url_prefix=CONTROL_PREFIX)

    app.register_error_handler(ApiError, error_response)
    app.register_error_handler(HTTPException, _http_error_response)
    app.register_error_handler(Exception, _internal_error_response)

    app.wsgi_app = Gateway(app.wsgi_app, emulator_state, app.url_map)  # type: ignore[method-assign]
    return app


def _http_error_response(error: HTTPException) -> Response:
    """Send routing errors (unknown path, wrong method) as an ``errors`` body."""
    status = error.code or 500
    if isinstance(error, NotFound):
        detail = "No route matches %s %s." % (request.method, request.path)
    elif isinstance(error, MethodNotAllowed):
        detail = "%s is not allowed on %s. Allowed methods: %s." % (
            request.method,
            request.path,
            ", ".join(error.valid_methods or []),
        )
    else:
        detail = error.description or error.name

    response = error_response(ApiError(status, status_code_name(status), detail))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _internal_error_response(error: Exception) -> Response:
    logger.exception("Internal error of the emulator: %s", error)
    return error_response(
        ApiError(500, "INTERNAL_SERVER_ERROR", "Internal error of the emulator: %s" % type(error).__name__)
    )
