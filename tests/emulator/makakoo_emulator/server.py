# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the emulator on a loopback address in a background thread."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Dict, Mapping, Union

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import create_app
from .paths import API_PREFIX, AUTH_PREFIX
from .seed import load_seed_file
from .state import DEFAULT_API_KEY, DEFAULT_PAGE_SIZE, EmulatorState

logger = logging.getLogger(__name__)

# The emulator issues tokens for every seeded user without a password, so it
# listens on the loopback interface only.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

SeedSource = Union[str, os.PathLike, Mapping[str, Any]]


class _GatewayLoggedRequestHandler(WSGIRequestHandler):
    """Request handler without werkzeug's access log line, which includes the query
    string. The gateway logs each request instead."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass


class EmulatorServer:
    """A running emulator: its URLs, its state and the werkzeug server thread.

    The server handles each request in its own thread. Use it as a context manager,
    or call ``stop()``.
    """

    def __init__(self, state: EmulatorState, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(
                "The emulator listens only on a loopback address (%s), not on %r."
                % (", ".join(LOOPBACK_HOSTS), host)
            )
        self.state = state
        self.app = create_app(state)
        self._server: BaseWSGIServer = make_server(
            host, port, self.app, threaded=True, request_handler=_GatewayLoggedRequestHandler
        )
        url_host = "[%s]" % host if ":" in host else host
        self.port: int = self._server.server_address[1]
        self.base_url = "http://%s:%d" % (url_host, self.port)
        self.api_url = self.base_url + API_PREFIX
        self.auth_url = self.base_url + AUTH_PREFIX
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="makakoo-emulator-%d" % self.port, daemon=True
        )
        self._stopped = False

    @property
    def api_key(self) -> str:
        """The client API key the emulator accepts now (``/_emulator/config`` can change it)."""
        return self.state.api_key

    def start(self) -> "EmulatorServer":
        self._thread.start()
        logger.info("Emulator listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop accepting requests and close the listening socket. Calling it twice is harmless."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        logger.info("Emulator on %s stopped", self.base_url)

    def token_for(self, email: str) -> str:
        """Return a fresh access token for a seeded user. Raises ApiError (404) for others."""
        return self.state.issue_tokens_for_email(email).access_token

    def auth_headers(self, email: str) -> Dict[str, str]:
        """Return the ``Api-Key`` and ``Authorization`` headers that act as ``email``."""
        return {"Api-Key": self.api_key, "Authorization": "Bearer " + self.token_for(email)}

    def __enter__(self) -> "EmulatorServer":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


def start_emulator(
    seed_path_or_dict: SeedSource,
    page_size: int = DEFAULT_PAGE_SIZE,
    api_key: str = DEFAULT_API_KEY,
    host: str = "127.0.0.1",
    port: int = 0,
) -> EmulatorServer:
    """Load a seed (a YAML file path or a dict) and start an emulator serving it.

    Port 0 picks a free port. Raises SeedError for an invalid seed and ValueError
    for a host that is not a loopback address.
    """
    if isinstance(seed_path_or_dict, Mapping):
        seed_document = dict(seed_path_or_dict)
    else:
        seed_document = load_seed_file(os.fspath(seed_path_or_dict))
    state = EmulatorState(seed_document, page_size=page_size, api_key=api_key)
    return EmulatorServer(state, host=host, port=port).start()
