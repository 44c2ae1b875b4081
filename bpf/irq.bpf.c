// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * irq.bpf.c: hard-IRQ handler time per CPU.
 *
 * Two tracepoint families are needed: irq:irq_handler_entry/exit see device IRQs only (one
 * record per action, named by the action: "virtio0-input.0"); timer ticks, rescheduling and
 * function-call IPIs and irq_work come through the x86 system vectors, irq_vectors:*_entry/_exit.
 *
 * A hard-IRQ handler runs with interrupts off, so on one CPU neither family nests: one start
 * timestamp per CPU and family (a per-CPU array, no hash) is enough.
 */
#include "tm_common.bpf.h"

struct irq_start {
	__u64 device_ns; /* irq_handler_entry, 0 when no device handler is running */
	__u64 vector_ns; /* *_entry of the running system vector, 0 when none */
	__u32 vector;    /* enum tm_irq_vector of that entry */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct irq_start);
} tm_irq_start SEC(".maps");

static __always_inline struct irq_start *this_cpu_start(void)
{
	__u32 zero = 0;

	if (!tm_cpu_selected(bpf_get_smp_processor_id()))
		return NULL;
	return bpf_map_lookup_elem(&tm_irq_start, &zero);
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(tm_irq_handler_entry, int irq, struct irqaction *action)
{
	struct irq_start *s = this_cpu_start();

	if (s)
		s->device_ns = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(tm_irq_handler_exit, int irq, struct irqaction *action, int ret)
{
	struct irq_start *s = this_cpu_start();
	struct tm_event *e;
	__u64 now, start;

	if (!s || !s->device_ns) /* attached while this handler ran */
		return 0;
	now = bpf_ktime_get_ns();
	start = s->device_ns;
	s->device_ns = 0;
	e = tm_reserve(TM_SRC_HARDIRQ, now - start, 0);
	if (!e)
		return 0;
	tm_fill(e, TM_EV_HARDIRQ, now, now - start, 0);
	__builtin_memset(&e->u, 0, sizeof(e->u));
	e->u.irq.irq = irq;
	e->u.irq.ret = ret;
	bpf_probe_read_kernel_str(e->u.irq.name, sizeof(e->u.irq.name), BPF_CORE_READ(action, name));
	tm_submit(e);
	return 0;
}

static __always_inline int vector_entry(__u32 vector)
{
	struct irq_start *s = this_cpu_start();

	if (s) {
		s->vector_ns = bpf_ktime_get_ns();
		s->vector = vector;
	}
	return 0;
}

/* Reserve and fill the record for a finished vector; the caller adds the name and submits. */
static __always_inline struct tm_event *vector_exit(__u32 vector)
{
	struct irq_start *s = this_cpu_start();
	struct tm_event *e;
	__u64 now, start;

	if (!s || !s->vector_ns || s->vector != vector)
		return NULL;
	now = bpf_ktime_get_ns();
	start = s->vector_ns;
	s->vector_ns = 0;
	e = tm_reserve(TM_SRC_HARDIRQ, now - start, 0);
	if (!e)
		return NULL;
	tm_fill(e, TM_EV_IRQ_VECTOR, now, now - start, 0);
	__builtin_memset(&e->u, 0, sizeof(e->u));
	e->u.irq.irq = vector;
	return e;
}

/*
 * One entry/exit program pair per system vector; label: the vector's name, at most 16 bytes
 * (NUL-padded by the memset, not terminated when it fills all 16). Vectors that a kernel lacks (the MCE ones
 * need CONFIG_X86_MCE_AMD / _THRESHOLD) are not loaded: user space turns their autoload off
 * and says which tracepoint is missing.
 */
#define TM_VECTOR(tp, id, label)                                                    \
	SEC("tp_btf/" #tp "_entry")                                                 \
	int BPF_PROG(tm_##tp##_entry, int v) { return vector_entry(id); }           \
	SEC("tp_btf/" #tp "_exit")                                                  \
	int BPF_PROG(tm_##tp##_exit, int v)                                         \
	{                                                                           \
		struct tm_event *e = vector_exit(id);                               \
		if (e) {                                                            \
			__builtin_memcpy(e->u.irq.name, label, sizeof(label) - 1);  \
			tm_submit(e);                                               \
		}                                                                   \
		return 0;                                                           \
	}

TM_VECTOR(local_timer, TM_VEC_LOCAL_TIMER, "local_timer")
TM_VECTOR(reschedule, TM_VEC_RESCHEDULE, "reschedule")
TM_VECTOR(call_function, TM_VEC_CALL_FUNCTION, "call_function")
TM_VECTOR(call_function_single, TM_VEC_CALL_FUNCTION_SINGLE, "call_func_single")
TM_VECTOR(irq_work, TM_VEC_IRQ_WORK, "irq_work")
TM_VECTOR(spurious_apic, TM_VEC_OTHER, "spurious_apic")
TM_VECTOR(error_apic, TM_VEC_OTHER, "error_apic")
TM_VECTOR(thermal_apic, TM_VEC_OTHER, "thermal_apic")
TM_VECTOR(x86_platform_ipi, TM_VEC_OTHER, "x86_platform_ipi")
TM_VECTOR(deferred_error_apic, TM_VEC_OTHER, "deferred_error")
TM_VECTOR(threshold_apic, TM_VEC_OTHER, "threshold_apic")
