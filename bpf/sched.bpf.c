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
 *
 * A wait this program cannot measure is counted, never dropped silently (struct tm_counters):
 * the storage could not be created (no_storage); the task left the CPU while its wait was still
 * open, so the kernel never reported the switch that ended it (end_unseen: measured on 6.18 in a
 * Firecracker guest, where the sched_switch tracepoint, ftrace's included, skips some switches);
 * or it was switched in after blocking without a reported wakeup (start_unseen).
 */
#include "tm_common.bpf.h"

/* Optional filters, set before load. 0 = no filter. */
const volatile __u32 tm_target_tgid = 0;   /* only this process */
const volatile __u64 tm_target_cgroup = 0; /* only tasks in this cgroup v2 (its id = inode of its directory) */

/* The reader threads' tids, written by user space after load (.bss is mmapped): never measured. */
volatile __u32 tm_excluded_tids[4];

struct wait_start {
	__u64 ts_ns;   /* 0 = not waiting */
	__u32 cpu;     /* CPU the wait began on */
	__u8 reason;   /* enum tm_wait_reason */
	__u8 on_cpu;   /* seen switched in and not yet seen switched out */
	__u8 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct wait_start);
} tm_wait_start SEC(".maps");

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

/* Ways a wait is lost before it can be measured: the tm_counters field each one increments. */
enum tm_wait_lost {
	TM_LOST_NO_STORAGE,
	TM_LOST_END_UNSEEN,
	TM_LOST_START_UNSEEN,
};

static __always_inline void tm_count_lost(__u32 cpu, enum tm_wait_lost what)
{
	struct tm_counters *c = tm_counters_of(TM_SRC_SCHED);

	if (!c || !tm_cpu_selected(cpu))
		return;
	if (what == TM_LOST_NO_STORAGE)
		c->no_storage++;
	else if (what == TM_LOST_END_UNSEEN)
		c->end_unseen++;
	else
		c->start_unseen++;
}

/* The task's wait state, created on first use. NULL (and counted) when the kernel refuses. */
static __always_inline struct wait_start *tm_wait_state(struct task_struct *p, __u32 cpu)
{
	struct wait_start *w = bpf_task_storage_get(&tm_wait_start, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!w)
		tm_count_lost(cpu, TM_LOST_NO_STORAGE);
	return w;
}

static __always_inline void tm_wait_starts(struct wait_start *w, __u8 reason, __u32 cpu)
{
	w->ts_ns = bpf_ktime_get_ns();
	w->cpu = cpu;
	w->reason = reason;
}

static __always_inline void tm_woken(struct task_struct *p, __u8 reason)
{
	/* The tracepoint fires after the target CPU was chosen: task_cpu() is where the wait happens. */
	__u32 cpu = BPF_CORE_READ(p, thread_info.cpu);
	struct wait_start *w;

	if (!tm_task_wanted(p))
		return;
	w = tm_wait_state(p, cpu);
	if (!w)
		return;
	/* A second wakeup before it ran (e.g. a futex wake racing a signal) does not move the start. */
	if (w->ts_ns)
		return;
	tm_wait_starts(w, reason, cpu);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(tm_sched_wakeup, struct task_struct *p)
{
	tm_woken(p, TM_WAIT_WAKEUP);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(tm_sched_wakeup_new, struct task_struct *p)
{
	tm_woken(p, TM_WAIT_WAKEUP_NEW);
	return 0;
}

/* prev leaves the CPU: a still-runnable task starts waiting now; a blocked one waits for an event, not a CPU. */
static __always_inline void tm_switched_out(struct task_struct *prev, bool runnable, __u32 cpu)
{
	bool wanted = tm_task_wanted(prev);
	struct wait_start *w;

	if (runnable && wanted)
		w = tm_wait_state(prev, cpu);
	else
		w = bpf_task_storage_get(&tm_wait_start, prev, 0, 0);
	if (!w)
		return;
	/*
	 * A start while it was on the CPU is stale, not lost: a wakeup that raced with it going to
	 * sleep (woken between set_current_state() and schedule(), it kept running). Forget it, else
	 * the next real wakeup would keep that old start and report the whole sleep as latency.
	 * A start while it was off the CPU means it ran since, at a switch the kernel did not report.
	 */
	if (w->ts_ns && !w->on_cpu && wanted)
		tm_count_lost(cpu, TM_LOST_END_UNSEEN);
	w->on_cpu = 0;
	w->ts_ns = 0;
	if (runnable && wanted)
		tm_wait_starts(w, TM_WAIT_PREEMPTED, cpu);
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

	/*
	 * Still runnable when switched out (preempt, or prev_state == 0: see the top of this file):
	 * its wait for the CPU starts again now.
	 */
	tm_switched_out(prev, preempt || prev_state == 0, cpu);

	w = bpf_task_storage_get(&tm_wait_start, next, 0, 0);
	if (!w)
		return 0;
	w->on_cpu = 1;
	if (!w->ts_ns) {
		/* Seen leaving the CPU blocked, now back without a reported wakeup. */
		if (tm_task_wanted(next))
			tm_count_lost(cpu, TM_LOST_START_UNSEEN);
		return 0;
	}
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
