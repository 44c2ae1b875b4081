#!/usr/bin/env bash
# perf-lab gate: run latency scenarios, compare with their baselines, fail on a tail-latency regression.
# Usage and scenario format: perf-lab/README.md (or ./run-bench.sh --help).
# Exit: 0 pass, 1 regression, 2 invalid scenario or setup error.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
project="$root/perf-lab/TradingMon.PerfLab"
# Build when needed (incremental, so a built tree costs a few seconds); show the log only on failure.
if ! log="$(dotnet build "$project" -c Release -v q -nologo 2>&1)"; then
  echo "$log" >&2
  echo "run-bench: build of perf-lab/TradingMon.PerfLab failed (see above)" >&2
  exit 2
fi
exec dotnet "$project/bin/Release/net10.0/TradingMon.PerfLab.dll" "$@"
