# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An emulator of the Makakoo organization service, for tests of the makakoo.platform collection.

It serves the organization API and the Auth service's token calls over real HTTP on
a loopback address, enforces the service's role rules, and adds a control
interface under ``/_emulator`` for resetting state, reading the request log and
injecting faults. Start it in-process with ``start_emulator`` or as a program with
``python -m makakoo_emulator``.
"""

from .app import create_app
from .paths import API_PREFIX, AUTH_PREFIX, CONTROL_PREFIX
from .seed import SeedError, load_seed_file
from .server import LOOPBACK_HOSTS, EmulatorServer, start_emulator
from .state import DEFAULT_API_KEY, DEFAULT_PAGE_SIZE, EmulatorState

__all__ = [
    "API_PREFIX",
    "AUTH_PREFIX",
    "CONTROL_PREFIX",
    "DEFAULT_API_KEY",
    "DEFAULT_PAGE_SIZE",
    "LOOPBACK_HOSTS",
    "EmulatorServer",
    "EmulatorState",
    "SeedError",
    "create_app",
    "load_seed_file",
    "start_emulator",
]
