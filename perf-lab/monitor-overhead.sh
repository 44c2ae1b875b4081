#!/usr/bin/env bash
# Monitoring overhead on a context-switch storm: `perf bench sched pipe` pinned to CPU 1, ops/s with nothing
# attached, with `tradingmon monitor` running, and with bpftrace's run-queue latency one-liner running; the
# three variants interleaved in each of N rounds (same run), medians reported with slowdowns.
# Usage (root): perf-lab/monitor-overhead.sh [rounds=5] [loops=200000]
set -euo pipefail
rounds=${1:-5}; loops=${2:-200000}
root=$(cd "$(dirname "$0")/.." && pwd)
dll="$root/src/TradingMon.Cli/bin/Release/net10.0/tradingmon.dll"
[ -f "$dll" ] || dotnet build "$root/src/TradingMon.Cli" -c Release >/dev/null
bt='tracepoint:sched:sched_wakeup,tracepoint:sched:sched_wakeup_new { @qtime[args->pid] = nsecs; }
tracepoint:sched:sched_switch { if (args->prev_state == 0) { @qtime[args->prev_pid] = nsecs; }
  $ns = @qtime[args->next_pid]; if ($ns) { @usecs = hist((nsecs - $ns) / 1000); } delete(@qtime[args->next_pid]); }'

ops() { taskset -c 1 perf bench sched pipe -l "$loops" 2>/dev/null | awk '/ops\/sec/ {print $1}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -a base tm bpft
for r in $(seq "$rounds"); do
  base+=("$(ops)")
  dotnet "$dll" monitor --no-tui --report 0s --alerts aeron:udp?endpoint=127.0.0.1:40391 --json-summary /tmp/tm-overhead.json >/dev/null 2>&1 & mon=$!
  sleep 6; t0=$(date +%s.%N); tm+=("$(ops)"); t1=$(date +%s.%N); kill -TERM $mon; wait $mon || true
  # Ingest: what the monitor recorded during the storm, and whether anything was dropped anywhere.
  python3 -c "import json,sys; s=json.load(open('/tmp/tm-overhead.json')); e=s['events']; d=s['drops']; print(f\"  monitor: {e['recorded']} events recorded in {s['duration_s']:.1f} s (storm {$t1-$t0:.1f} s), drops kernel {d['kernel']} ring {d['ring']} aeron {d['aeron']}\")"
  bpftrace -e "$bt" >/dev/null 2>&1 & btp=$!
  sleep 4; bpft+=("$(ops)"); kill -INT $btp; wait $btp || true
  echo "round $r: none ${base[-1]}  tradingmon ${tm[-1]}  bpftrace ${bpft[-1]} ops/s"
done
b=$(printf '%s\n' "${base[@]}" | median); t=$(printf '%s\n' "${tm[@]}" | median); p=$(printf '%s\n' "${bpft[@]}" | median)
awk -v b="$b" -v t="$t" -v p="$p" 'BEGIN {
  st = (b/t - 1) * 100; sp = (b/p - 1) * 100;
  printf "medians of %s: none %.0f ops/s, tradingmon %.0f (slowdown %.1f %%), bpftrace %.0f (slowdown %.1f %%); tradingmon/bpftrace slowdown ratio %.2f\n", "'$rounds'", b, t, st, p, sp, (sp > 0 ? st/sp : 0) }'
