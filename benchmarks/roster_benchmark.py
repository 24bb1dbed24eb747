# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Measure makakoo_member on a large roster against the emulator.

Runs the module in this process, the way Ansible runs it (arguments through
the module argument protocol, JSON on stdout), against the emulator on
127.0.0.1. For each scenario it records the HTTP requests the module sent
(by method), its wall time and the peak Python memory it allocated
(tracemalloc). Request counts are exact and repeatable; times include the
emulator's own work in another thread of the same process.

Usage (from the collection tree that `make tree` builds, with .venv active):
    python benchmarks/roster_benchmark.py [--people 500] [--page-size 25] [--json OUT]
`make bench` does this and prints a Markdown table.
"""

import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
# ROOT is .../ansible_collections/makakoo/platform in the tree `make tree`
# builds, so the folder three levels up makes ansible_collections importable.
sys.path.insert(0, os.path.abspath(os.path.join(ROOT, "..", "..", "..")))

from ansible.module_utils.testing import patch_module_args  # noqa: E402  pylint: disable=wrong-import-position
from makakoo_emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position

CALLER = "automation@example.org"
ORGANIZATION = "Benchmark Org"
ROLES = ("OWNER", "ADMIN", "MEMBER", "VIEWER")


def build_seed(people):
    """Return a seed whose organization has half of ``people`` as members already.

    Of the existing members, every other one is listed with another role, and
    one in ten is not listed at all (so purge removes them). The other half of
    the roster has platform accounts but is not in the organization yet.
    """
    users = [{"email": CALLER, "first_name": "Bench", "last_name": "Caller"}]
    members = [{"email": CALLER, "role": "OWNER"}]
    roster = []
    for number in range(people):
        email = "person%04d@example.com" % number
        users.append({"email": email, "first_name": "Person", "last_name": str(number)})
        role = ROLES[1 + number % 3]
        if number < people // 2:
            members.append({"email": email, "role": role})
            if number % 10 == 9:
                continue
            if number % 2:
                role = ROLES[1 + (number + 1) % 3]
        roster.append({"email": email.upper() if number % 7 == 0 else email, "role": role.lower()})
    seed = {
        "users": users,
        "caller": CALLER,
        "organizations": [{"name": ORGANIZATION, "members": members, "invitations": [], "projects": []}],
    }
    return seed, roster


def load_module(module_name):
    return importlib.import_module("ansible_collections.makakoo.platform.plugins.modules." + module_name)


def run_module(module_name, args):
    """Run a collection module in-process and return its JSON result."""
    module = load_module(module_name)
    output = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(output):
        try:
            module.main()
        except SystemExit:
            pass
    return json.loads(output.getvalue())


def measure(server, control, name, args):
    control("DELETE", "/requests")
    tracemalloc.start()
    started = time.perf_counter()
    result = run_module("makakoo_member", args)
    elapsed = time.perf_counter() - started
    dummy, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    requests_log = [entry for entry in control("GET", "/requests")["requests"]
                    if "/ma-metrics-wsp-ms/" in entry["path"]]
    by_method = {}
    for entry in requests_log:
        by_method[entry["method"]] = by_method.get(entry["method"], 0) + 1
    actions = {}
    for entry in result.get("results", []):
        actions[entry["action"]] = actions.get(entry["action"], 0) + 1
    return {
        "scenario": name,
        "failed": bool(result.get("failed")),
        "changed": result.get("changed"),
        "actions": actions,
        "requests": len(requests_log),
        "requests_by_method": by_method,
        "seconds": round(elapsed, 3),
        "peak_mib": round(peak / 1024.0 / 1024.0, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500, help="number of people in the roster (default 500)")
    parser.add_argument("--page-size", type=int, default=25, help="emulator page size (default 25)")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    options = parser.parse_args()

    import requests

    # Import the module before measuring, so that peak memory is the run's own.
    load_module("makakoo_member")
    seed, roster = build_seed(options.people)
    server = start_emulator(seed, page_size=options.page_size)
    session = requests.Session()

    def control(method, path, payload=None):
        response = session.request(method, server.base_url + "/_emulator" + path, json=payload, timeout=30)
        response.raise_for_status()
        return response.json() if response.content else None

    try:
        args = {
            "api_url": server.api_url,
            "api_key": server.api_key,
            "access_token": server.token_for(CALLER),
            "organization": ORGANIZATION,
            "members": roster,
            "purge": True,
        }
        results = [
            measure(server, control, "check mode, first run", dict(args, _ansible_check_mode=True, _ansible_diff=True)),
            measure(server, control, "first run", dict(args, _ansible_diff=True)),
            measure(server, control, "rerun, nothing to change", dict(args, _ansible_diff=True)),
        ]
    finally:
        server.stop()

    print("| scenario | changed | actions | API requests (by method) | seconds | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in results:
        actions = ", ".join("%s %d" % item for item in sorted(row["actions"].items()))
        methods = ", ".join("%s %d" % item for item in sorted(row["requests_by_method"].items()))
        print("| %s | %s | %s | %d (%s) | %.2f | %.1f |" % (
            row["scenario"], row["changed"], actions, row["requests"], methods, row["seconds"], row["peak_mib"]))
    if options.json:
        with open(options.json, "w") as handle:
            json.dump({"people": options.people, "page_size": options.page_size, "results": results}, handle, indent=2)
    return 1 if any(row["failed"] for row in results) else 0


if __name__ == "__main__":
    sys.exit(main())
