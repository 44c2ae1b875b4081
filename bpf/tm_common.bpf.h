/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every probe (sched, irq, softirq, net .bpf.c) shares: the ring buffer, the per-CPU
 * counters and the filters user space sets before load. Every program, map and global of ours
 * is named tm_*, so `bpftool prog/map show` tells them apart from anyone else's.
 */
#ifndef TM_COMMON_BPF_H
#define TM_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tradingmon.h"

#define TM_MAX_CPUS 1024

/* Filters, set by user space before load (rodata). */
const volatile __u64 tm_cpu_mask[TM_MAX_CPUS / 64] = { [0 ... TM_MAX_CPUS / 64 - 1] = ~0ULL };
const volatile __u64 tm_min_latency_ns = 0; /* shorter intervals are only counted, not streamed */
const volatile __u32 tm_exclude_tgid = 0;   /* the monitor itself: never streamed */
/*
 * Wake the polling reader only for records worth it now: an interval at least this long (an alert
 * candidate), or a ring filling past tm_wakeup_bytes. Everything else waits for the next poll, so a
 * busy machine never pays a wakeup per record (DESIGN.md: 76 % on a context-switch load).
 */
const volatile __u64 tm_wakeup_min_ns = ~0ULL;
const volatile __u64 tm_wakeup_bytes = 1 << 20;

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Puts struct tm_event into the object's BTF, where a test checks the C# twin's layout against it. */
const struct tm_event *tm_event_btf_anchor __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} tm_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TM_SRC_MAX);
	__type(key, __u32);
	__type(value, struct tm_counters);
} tm_counters SEC(".maps");

static __always_inline bool tm_cpu_selected(__u32 cpu)
{
	return (tm_cpu_mask[(cpu / 64) & (TM_MAX_CPUS / 64 - 1)] >> (cpu % 64)) & 1;
}

static __always_inline struct tm_counters *tm_counters_of(__u32 source)
{
	return bpf_map_lookup_elem(&tm_counters, &source);
}

/*
 * Reserve a record for a completed interval, or only count it: below_min when it is under the
 * minimum latency, dropped when the ring is full. Returns NULL when nothing is to be written.
 */
static __always_inline struct tm_event *tm_reserve(__u32 source, __u64 value_ns, __u64 aux_ns)
{
	struct tm_counters *c = tm_counters_of(source);
	struct tm_event *e;

	if (!c)
		return NULL;
	c->seen++;
	if (value_ns < tm_min_latency_ns && aux_ns < tm_min_latency_ns) {
		c->below_min++;
		return NULL;
	}
	e = bpf_ringbuf_reserve(&tm_events, sizeof(*e), 0);
	if (!e) {
		c->dropped++;
		return NULL;
	}
	c->streamed++;
	return e;
}

/* Fill the common part: the interval ended now on this CPU, in the context of the current task. */
static __always_inline void tm_fill(struct tm_event *e, __u32 kind, __u64 now, __u64 value_ns, __u64 aux_ns)
{
	__u64 id = bpf_get_current_pid_tgid();

	e->ts_ns = now;
	e->value_ns = value_ns;
	e->aux_ns = aux_ns;
	e->kind = kind;
	e->cpu = bpf_get_smp_processor_id();
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

/* The pinned reader polls: a wakeup per record would make a record per context switch (DESIGN.md). */
static __always_inline void tm_submit(struct tm_event *e)
{
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (e->value_ns >= tm_wakeup_min_ns || bpf_ringbuf_query(&tm_events, BPF_RB_AVAIL_DATA) >= tm_wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	bpf_ringbuf_submit(e, flags);
}

#endif
