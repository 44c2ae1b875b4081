// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sched.bpf.c: run-queue latency, the time a task spends runnable but not running, with the task
 * that ran instead (the culprit).
 *
 * A wait begins when a task is woken (sched_wakeup, sched_wakeup_new) or when it is switched out
 * while still runnable (sched_switch with preempt, or prev_state == TASK_RUNNING: a task preempted
 * between set_current_state() and schedule() has preempt set but a non-zero state, and one that
 * yields has state 0 without preempt; both keep running later without a wakeup). It ends when the
 * task is switched in. The start lives in task storage: no pid-keyed hash to leak or to confuse
 * after pid reuse, and cheaper per event (DESIGN.md).
 */
#include "irqnet_common.bpf.h"

/* Optional filters, set before load. 0 = no filter. */
const volatile __u32 tm_target_tgid = 0;   /* only this process */
const volatile __u64 tm_target_cgroup = 0; /* only tasks in this cgroup v2 (its id = inode of its directory) */

/* The reader threads' tids, written by user space after load (.bss is mmapped): never measured. */
volatile __u32 tm_excluded_tids[4];

struct wait_start {
	__u64 ts_ns;   /* 0 = not waiting */
	__u32 cpu;     /* CPU the wait began on */
	__u8 reason;   /* enum tm_wait_reason */
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct wait_start);
} wait_start SEC(".maps");

static __always_inline bool tm_task_wanted(struct task_struct *p)
{
	__u32 pid = p->pid, tgid = p->tgid;

	if (pid == 0) /* the idle task never waits for a CPU */
		return false;
	if (tm_exclude_tgid && tgid == tm_exclude_tgid)
		return false;
	if (tm_target_tgid && tgid != tm_target_tgid)
		return false;
	if (pid == tm_excluded_tids[0] || pid == tm_excluded_tids[1] || pid == tm_excluded_tids[2] ||
	    pid == tm_excluded_tids[3])
		return false;
	if (tm_target_cgroup && BPF_CORE_READ(p, cgroups, dfl_cgrp, kn, id) != tm_target_cgroup)
		return false;
	return true;
}

static __always_inline void tm_wait_begins(struct task_struct *p, __u8 reason, __u32 cpu)
{
	struct wait_start *w;

	if (!tm_task_wanted(p))
		return;
	w = bpf_task_storage_get(&wait_start, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!w)
		return;
	/* A second wakeup before the task ran (e.g. a futex wake racing a signal) does not move the start. */
	if (w->ts_ns && reason != TM_WAIT_PREEMPTED)
		return;
	w->ts_ns = bpf_ktime_get_ns();
	w->cpu = cpu;
	w->reason = reason;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(tm_sched_wakeup, struct task_struct *p)
{
	/* The tracepoint fires after the target CPU was chosen: task_cpu() is where the wait happens. */
	tm_wait_begins(p, TM_WAIT_WAKEUP, BPF_CORE_READ(p, thread_info.cpu));
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(tm_sched_wakeup_new, struct task_struct *p)
{
	tm_wait_begins(p, TM_WAIT_WAKEUP_NEW, BPF_CORE_READ(p, thread_info.cpu));
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(tm_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct wait_start *w;
	struct tm_event *e;
	__u64 now, delay;
	__u8 reason;
	__u32 wait_cpu;

	/* Still runnable when switched out: its wait for the CPU starts again now. */
	if (preempt || prev_state == 0)
		tm_wait_begins(prev, TM_WAIT_PREEMPTED, cpu);

	w = bpf_task_storage_get(&wait_start, next, 0, 0);
	if (!w || !w->ts_ns)
		return 0;
	now = bpf_ktime_get_ns();
	delay = now - w->ts_ns;
	reason = w->reason;
	wait_cpu = w->cpu;
	w->ts_ns = 0; /* the wait ended, whether or not this CPU is watched */
	if (!tm_cpu_selected(cpu))
		return 0;

	e = tm_reserve(TM_SRC_SCHED, delay, 0);
	if (!e)
		return 0;
	e->ts_ns = now;
	e->value_ns = delay;
	e->aux_ns = 0;
	e->kind = TM_EV_RUNQ;
	e->cpu = cpu;
	/* At sched_switch `current` is still prev: the victim's identity comes from next. */
	e->pid = next->pid;
	e->tgid = next->tgid;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), next->comm);
	e->u.runq.culprit_pid = prev->pid;
	e->u.runq.culprit_tgid = prev->tgid;
	bpf_probe_read_kernel_str(e->u.runq.culprit_comm, sizeof(e->u.runq.culprit_comm), prev->comm);
	e->u.runq.wait_cpu = wait_cpu;
	e->u.runq.reason = reason;
	e->u.runq.culprit_prio = (__u8)prev->prio;
	e->u.runq.pad[0] = 0;
	e->u.runq.pad[1] = 0;
	tm_submit(e);
	return 0;
}
