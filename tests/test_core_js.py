"""The browser's pure core (docs/assets/javascripts/core/) in Node's own test runner:
tests/js/*.test.mjs, run here so that the README's test command (and CI) runs them, once
per time zone: a plan of local calendar dates must not move with the zone or across a
daylight-saving change."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ZONES = ["UTC", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"]
ZONE_FREE = {"transfer.test.mjs"}  # neither its tests nor core/transfer.js make or read a date


@pytest.mark.parametrize("zone", ZONES)
def test_the_core_passes_its_node_tests_in_time_zone(zone):
    node = shutil.which("node")
    if not node:
        message = "Node.js 20 or later is needed for tests/js (on Debian: apt-get install -y nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    env = {**os.environ, "TZ": zone, "PYTHON": sys.executable}
    # What holds no date (the transfer's compression and QR code) runs in the first zone only.
    files = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs")
                   if zone == ZONES[0] or p.name not in ZONE_FREE)
    run = subprocess.run([node, "--test", "--test-reporter=tap", *files],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout, run.stdout[-2000:]
