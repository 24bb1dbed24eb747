# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Base paths of the emulated services and of the test control interface."""

from __future__ import annotations

from typing import Optional, Tuple

# The organization API and the Auth service use the same base paths as the real hosts.
API_PREFIX = "/ma-metrics-wsp-ms/v1/api"
AUTH_PREFIX = "/ma-authentication-ms/v1/api"

# Test controls, outside both services and without authentication.
CONTROL_PREFIX = "/_emulator"


def split_service_path(path: str) -> Tuple[Optional[str], str]:
    """Return ``("api" or "auth", path relative to that service)``, or ``(None, path)``."""
    for service, prefix in (("api", API_PREFIX), ("auth", AUTH_PREFIX)):
        if path == prefix or path.startswith(prefix + "/"):
            return service, path[len(prefix):] or "/"
    return None, path
