#!/usr/bin/env bash
# Run-queue probe overhead and drain rate (issue #2 benchmark). Not a test: prints figures.
#
# Load: `taskset -c 1 perf bench sched pipe` (two tasks ping-pong on CPU 1, ~600 k switches/s idle).
# Variants, interleaved round by round so machine noise hits them alike; medians of ops/s:
#   none        nothing attached (baseline)
#   tm-all      tradingmon probe --sources sched, every wait streamed, reader pinned to CPU 0 (epoll wait)
#   tm-tail     the same with --min-latency 50us: short waits only counted in the kernel
#   runqlat     libbpf-tools runqlat (in-kernel log2 histogram)
#   bpftrace    a bpftrace run-queue histogram (runqlat.bt's logic, without its #include)
# For tm-all it also prints what the pinned reader drained (events/s) and the kernel ring drops.
#
# Usage (root): perf-lab/kernel/runq-overhead.sh [rounds=5] [loops=200000]
set -euo pipefail
ROUNDS=${1:-5}
LOOPS=${2:-200000}
HERE=$(cd "$(dirname "$0")" && pwd)
CLI=${TRADINGMON_DLL:-$HERE/../../src/TradingMon.Cli/bin/Release/net10.0/tradingmon.dll}
[[ -f $CLI ]] || { echo "build first: dotnet build src/TradingMon.Cli -c Release" >&2; exit 2; }
WORK=$(mktemp -d)
TOOL_PID=
cleanup() { [[ -n $TOOL_PID ]] && kill -TERM "$TOOL_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/runq.bt" <<'BT'
tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new { @start[args->pid] = nsecs; }
tracepoint:sched:sched_switch {
  if (args->prev_state == 0) { @start[args->prev_pid] = nsecs; }
  $t = @start[args->next_pid];
  if ($t) { @usecs = hist((nsecs - $t) / 1000); delete(@start[args->next_pid]); }
}
BEGIN { printf("attached\n"); }
BT

# Starts a tool in the background and waits until its output shows it attached.
start_tool() { # name, ready-pattern, command...
  local name=$1 ready=$2; shift 2
  "$@" > "$WORK/$name.out" 2>&1 &
  TOOL_PID=$!
  for _ in $(seq 100); do
    grep -q "$ready" "$WORK/$name.out" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not attach: $(head -3 "$WORK/$name.out")" >&2; exit 1
}
# SIGTERM: a non-interactive shell starts background jobs with SIGINT ignored.
stop_tool() { kill -TERM "$TOOL_PID" 2>/dev/null || true; wait "$TOOL_PID" 2>/dev/null || true; TOOL_PID=; }

load() { taskset -c 1 perf bench sched pipe -l "$LOOPS" | awk -v v="$1" '/ops\/sec/ {print v "\t" $1}' >> "$WORK/ops.tsv"; }

run_variant() { # variant: appends "variant<TAB>ops/s" to ops.tsv (no subshell: cleanup must see TOOL_PID)
  case $1 in
    none) load none ;;
    tm-all|tm-tail)
      local extra=(); [[ $1 == tm-tail ]] && extra=(--min-latency 50us)
      start_tool "$1" "sources attached" dotnet "$CLI" probe --sources sched --reader-cpu 0 --duration 10m "${extra[@]}"
      local t0 t1; t0=$(date +%s.%N); load "$1"; t1=$(date +%s.%N)
      sleep 1.1 # one more report line, so every event of the load is printed
      stop_tool
      # Sum the per-second sched rows: k-seen, events (streamed and drained), k-drops.
      awk -v secs="$(echo "$t1 - $t0" | bc)" -v v="$1" '$1=="sched" {seen+=$3; ev+=$4; dr+=$5}
        END {printf "%s\t%d\t%d\t%d\t%.2f\t%.0f\n", v, seen, ev, dr, secs, ev / secs}' "$WORK/$1.out" >> "$WORK/drain.tsv" ;;
    runqlat) start_tool runqlat "Tracing" stdbuf -oL runqlat; load runqlat; stop_tool ;;
    bpftrace) start_tool bpftrace "attached" bpftrace "$WORK/runq.bt"; load bpftrace; stop_tool ;;
  esac
}

VARIANTS=(none tm-all tm-tail runqlat bpftrace)
for r in $(seq "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    run_variant "$v"
  done
  echo "round $r done" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=$(awk '$1=="none" {print $2}' "$WORK/ops.tsv" | median)
echo "taskset -c 1 perf bench sched pipe -l $LOOPS, $ROUNDS rounds, medians"
printf "%-10s %12s %10s\n" variant ops/s slowdown
for v in "${VARIANTS[@]}"; do
  m=$(awk -v v="$v" '$1==v {print $2}' "$WORK/ops.tsv" | median)
  printf "%-10s %12s %9.1f%%\n" "$v" "$m" "$(echo "(1 - $m / $base) * 100" | bc -l)"
done
echo
echo "tradingmon reader (per round: kernel-seen, streamed+drained, kernel drops, load seconds, drained events/s)"
cat "$WORK/drain.tsv"
