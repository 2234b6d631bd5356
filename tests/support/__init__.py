"""Helpers of the tests and the benchmark, apart from the build: a local test server and
Chromium lookup (local.py), page weights and request counting (measure.py), and the benchmark
that `./dev bench` runs (bench.py). build_tools/ never imports these."""
