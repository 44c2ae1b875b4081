// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * softirq.bpf.c: per CPU and softirq vector, raise -> entry latency and entry -> exit duration.
 *
 * A softirq is always raised on the CPU that will run it (the pending bits are per CPU), and
 * softirqs do not nest on one CPU, so a per-CPU array holds all the state: the first raise of
 * each vector since it last ran, and the entry time of the running one.
 */
#include "tm_common.bpf.h"

#define TM_NR_SOFTIRQS 10 /* HI .. RCU, the kernel's NR_SOFTIRQS */

struct softirq_state {
	__u64 raised_ns[TM_NR_SOFTIRQS]; /* first raise since the vector last ran; 0 = not raised */
	__u64 entry_ns;                  /* entry of the running softirq; 0 = none */
	__u64 entry_raised_ns;           /* raised_ns of the running vector, taken at entry */
	__u32 vec;                       /* the running vector */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct softirq_state);
} tm_softirq_state SEC(".maps");

static __always_inline struct softirq_state *this_cpu_state(void)
{
	__u32 zero = 0;

	if (!tm_cpu_selected(bpf_get_smp_processor_id()))
		return NULL;
	return bpf_map_lookup_elem(&tm_softirq_state, &zero);
}

SEC("tp_btf/softirq_raise")
int BPF_PROG(tm_softirq_raise, unsigned int vec)
{
	struct softirq_state *s = this_cpu_state();

	/* Raising an already pending vector does not move its start: the wait began at the first raise. */
	if (s && vec < TM_NR_SOFTIRQS && !s->raised_ns[vec])
		s->raised_ns[vec] = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(tm_softirq_entry, unsigned int vec)
{
	struct softirq_state *s = this_cpu_state();

	if (!s || vec >= TM_NR_SOFTIRQS)
		return 0;
	s->entry_ns = bpf_ktime_get_ns();
	s->vec = vec;
	/* The pending bit is cleared before the handler runs: a raise from now on is a new wait. */
	s->entry_raised_ns = s->raised_ns[vec];
	s->raised_ns[vec] = 0;
	return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(tm_softirq_exit, unsigned int vec)
{
	struct softirq_state *s = this_cpu_state();
	struct tm_event *e;
	__u64 now, duration, latency;

	if (!s || !s->entry_ns || s->vec != vec) /* attached while this softirq ran */
		return 0;
	now = bpf_ktime_get_ns();
	duration = now - s->entry_ns;
	/* 0 when the raise was not seen (raised before attach, or by a path without the tracepoint). */
	latency = s->entry_raised_ns ? s->entry_ns - s->entry_raised_ns : 0;
	s->entry_ns = 0;
	e = tm_reserve(TM_SRC_SOFTIRQ, duration, latency);
	if (!e)
		return 0;
	tm_fill(e, TM_EV_SOFTIRQ, now, duration, latency);
	__builtin_memset(&e->u, 0, sizeof(e->u));
	e->u.softirq.vec = vec;
	tm_submit(e);
	return 0;
}
