#!/usr/bin/env bash
# perf-lab gate: record latency histograms for each scenario and compare with its baseline.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build perf-lab/TradingMon.PerfLab -c Release -v q -nologo >/dev/null
exec dotnet perf-lab/TradingMon.PerfLab/bin/Release/net10.0/TradingMon.PerfLab.dll "$@"
