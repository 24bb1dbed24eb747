# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures that run one emulator per test session on 127.0.0.1 and reset it for each test."""

from __future__ import annotations

import os
import sys

import pytest
import requests
import yaml

EMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from makakoo_emulator import EmulatorServer, start_emulator  # noqa: E402

SAMPLE_SEED_PATH = os.path.join(EMULATOR_DIR, "seeds", "sample.yml")


@pytest.fixture(scope="session")
def sample_seed() -> dict:
    with open(SAMPLE_SEED_PATH, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@pytest.fixture(scope="session")
def emulator_server(sample_seed: dict) -> EmulatorServer:
    server = start_emulator(sample_seed)
    yield server
    server.stop()


@pytest.fixture
def emulator(emulator_server: EmulatorServer, sample_seed: dict) -> EmulatorServer:
    """The session's emulator, reset to the sample seed.

    The reset sends the sample seed explicitly, because a test may have replaced the
    emulator's seed, and a plain reset would restore that replacement.
    """
    response = requests.post(
        emulator_server.base_url + "/_emulator/reset", json={"seed": sample_seed}, timeout=10
    )
    response.raise_for_status()
    return emulator_server
