#!/usr/bin/env bash
# perf-lab gate: run latency scenarios, compare with their baselines, fail on a tail-latency regression.
# Usage and scenario format: perf-lab/README.md (or ./run-bench.sh --help).
# Exit: 0 pass, 1 regression, 2 invalid scenario or setup error.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
project="$root/perf-lab/TradingMon.PerfLab"
cli="$root/src/TradingMon.Cli"
# Build when needed (incremental, so a built tree costs a few seconds); show the log only on failure.
# The CLI too: the pipeline-overhead scenario measures `tradingmon monitor` as deployed.
for p in "$project" "$cli"; do
  if ! log="$(dotnet build "$p" -c Release -v q -nologo 2>&1)"; then
    echo "$log" >&2
    echo "run-bench: build of ${p#$root/} failed (see above)" >&2
    exit 2
  fi
done
exec dotnet "$project/bin/Release/net10.0/TradingMon.PerfLab.dll" "$@"
