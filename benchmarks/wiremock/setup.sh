#!/bin/sh
# Fetch WireMock standalone for benchmarks/bench_http.py: the npm package "wiremock" ships the standalone jar.
# Needs npm (Debian: apt-get install npm) and, to run it, Java 11+ (apt-get install default-jre-headless).
# Usage: benchmarks/wiremock/setup.sh [cache dir]   (default ~/.cache/webex-mockserver-bench/wiremock)
set -eu
cache="${1:-${HOME}/.cache/webex-mockserver-bench/wiremock}"
mkdir -p "$cache"
npm install --silent --no-audit --no-fund --prefix "$cache" wiremock
jar=$(find "$cache/node_modules/wiremock" -name 'wiremock-standalone-*.jar' | sort | tail -n 1)
test -n "$jar" || { echo "no wiremock-standalone jar in $cache/node_modules/wiremock" >&2; exit 1; }
echo "$jar"
