# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Command line: serve the emulator until SIGTERM or SIGINT.

Run from the collection root with ``PYTHONPATH=tests/emulator``::

    python -m makakoo_emulator --seed tests/emulator/seeds/sample.yml --info-file /tmp/emulator.json

Once the server listens, the info file receives its URLs, the API key and tokens
for the seed's caller, so that another process can use the emulator.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
import threading
from typing import Any, Dict, List, Optional

from .seed import SeedError, load_seed_file
from .server import LOOPBACK_HOSTS, EmulatorServer, start_emulator
from .state import DEFAULT_API_KEY, DEFAULT_PAGE_SIZE

logger = logging.getLogger("makakoo_emulator")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer, got %r" % text)
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be a TCP port from 0 to 65535, got %r" % text)
    return value


def parse_arguments(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m makakoo_emulator",
        description="Serve an emulator of the Makakoo organization API and Auth service on a loopback address.",
    )
    parser.add_argument("--seed", required=True, help="YAML seed file with users, organizations and credentials.")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="Address to listen on: one of %s (default: %%(default)s)." % ", ".join(LOOPBACK_HOSTS),
    )
    parser.add_argument("--port", type=_port, default=0, help="TCP port to listen on, 0 for a free one (default: 0).")
    parser.add_argument(
        "--page-size",
        type=_positive_int,
        default=DEFAULT_PAGE_SIZE,
        help="Number of items per collection page (default: %(default)s).",
    )
    parser.add_argument(
        "--api-key", default=DEFAULT_API_KEY, help="Client API key the emulator accepts (default: %(default)s)."
    )
    parser.add_argument(
        "--info-file",
        help="JSON file to write once listening: URLs, API key, pid and tokens for the seed's caller. "
        "It is removed on a clean stop.",
    )
    arguments = parser.parse_args(argv)
    if arguments.host not in LOOPBACK_HOSTS:
        parser.error("--host must be one of %s, got %r" % (", ".join(LOOPBACK_HOSTS), arguments.host))
    return arguments


def build_info(server: EmulatorServer) -> Dict[str, Any]:
    """Issue tokens for the seed's caller and return the info-file fields of a running emulator.

    The token fields are None when the seed names no caller.
    """
    caller = server.state.caller_email
    access_token = refresh_token = None
    if caller is not None:
        pair = server.state.issue_tokens_for_email(caller)
        access_token, refresh_token = pair.access_token, pair.refresh_token
    return {
        "base_url": server.base_url,
        "api_url": server.api_url,
        "auth_url": server.auth_url,
        "api_key": server.api_key,
        "caller": caller,
        "access_token": access_token,
        "refresh_token": refresh_token,
        "pid": os.getpid(),
    }


def write_info_file(path: str, info: Dict[str, Any]) -> None:
    """Write ``info`` as JSON so that readers never see a partial file.

    The file is written next to ``path`` and renamed over it. It contains tokens,
    so it is readable by the owner only (mkstemp creates it with mode 0600).
    """
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary_path = tempfile.mkstemp(prefix=".emulator-info-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            json.dump(info, stream, indent=2)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary_path, path)
    except BaseException:
        if os.path.exists(temporary_path):
            os.unlink(temporary_path)
        raise


def main(argv: Optional[List[str]] = None) -> int:
    arguments = parse_arguments(argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    try:
        seed_document = load_seed_file(arguments.seed)
        server = start_emulator(
            seed_document,
            page_size=arguments.page_size,
            api_key=arguments.api_key,
            host=arguments.host,
            port=arguments.port,
        )
    except (OSError, SeedError) as error:
        logger.error("Failed to start the emulator with seed %s: %s", arguments.seed, error)
        return 1

    stop_requested = threading.Event()

    def request_stop(signal_number: int, frame: Any) -> None:
        logger.info("Received %s, stopping", signal.Signals(signal_number).name)
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    try:
        if arguments.info_file:
            write_info_file(arguments.info_file, build_info(server))
            logger.info("Wrote emulator info to %s", arguments.info_file)
        logger.info(
            "Serving seed %s on %s (page size %d, pid %d)",
            arguments.seed,
            server.base_url,
            arguments.page_size,
            os.getpid(),
        )
        # Wait in short steps, because on Windows a blocking wait delays the signal
        # handler until the wait ends.
        while not stop_requested.wait(0.5):
            pass
    finally:
        server.stop()
        if arguments.info_file and os.path.exists(arguments.info_file):
            os.unlink(arguments.info_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
