/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tradingmon.h: the single definition of every record TradingMon's kernel programs
 * stream to user space, and of the per-CPU counters they keep.
 *
 * The C# twin is src/TradingMon.Core/KernelEvent.cs; a test reads this object's BTF
 * and proves the sizes and field offsets are equal. Change both together.
 *
 * Every record is one fixed-size struct tm_event (88 bytes): a common part, then a
 * union whose meaning depends on `kind`. One size for all kinds lets the reader copy
 * a record into a pre-allocated ring slot without branching on its length.
 */
#ifndef TRADINGMON_H
#define TRADINGMON_H

#define TM_COMM_LEN 16
#define TM_NAME_LEN 16

enum tm_event_kind {
	TM_EV_RUNQ = 1,       /* run-queue latency: woken (or preempted) -> switched in */
	TM_EV_HARDIRQ = 2,    /* device IRQ handler: irq_handler_entry -> irq_handler_exit */
	TM_EV_IRQ_VECTOR = 3, /* system vector: irq_vectors:*_entry -> *_exit (timer, IPIs, irq_work) */
	TM_EV_SOFTIRQ = 4,    /* softirq: entry -> exit duration, raise -> entry latency in aux_ns */
	TM_EV_NET_TX = 5,     /* tx packet: net_dev_queue -> start_xmit (qdisc wait), driver time in aux_ns */
	TM_EV_NAPI_POLL = 6,  /* one napi_poll: work done against budget */
};

/* Why a RUNQ wait began: the victim had blocked and was woken, or was still runnable when switched out. */
enum tm_wait_reason {
	TM_WAIT_WAKEUP = 0,     /* sched_wakeup */
	TM_WAIT_WAKEUP_NEW = 1, /* sched_wakeup_new: a new task's first run */
	TM_WAIT_PREEMPTED = 2,  /* switched out with preempt || prev_state == 0 */
};

/* System vectors (TM_EV_IRQ_VECTOR `u.irq.irq`): the irq_vectors tracepoint family that fired. */
enum tm_irq_vector {
	TM_VEC_LOCAL_TIMER = 1,
	TM_VEC_RESCHEDULE = 2,
	TM_VEC_CALL_FUNCTION = 3,
	TM_VEC_CALL_FUNCTION_SINGLE = 4,
	TM_VEC_IRQ_WORK = 5,
	TM_VEC_OTHER = 15, /* any other irq_vectors:*_entry (spurious, error, thermal, ...) */
};

struct tm_event {
	__u64 ts_ns;    /*  0: bpf_ktime_get_ns() (CLOCK_MONOTONIC) when the measured interval ended */
	__u64 value_ns; /*  8: the primary figure: runq latency, handler or softirq duration, qdisc wait */
	__u64 aux_ns;   /* 16: second figure: softirq raise -> entry, tx driver time; else 0 */
	__u32 kind;     /* 24: enum tm_event_kind */
	__u32 cpu;      /* 28: CPU the interval ended on */
	__u32 pid;      /* 32: RUNQ the woken task; IRQ kinds the interrupted task; NET_TX the queuing task */
	__u32 tgid;     /* 36 */
	char comm[TM_COMM_LEN]; /* 40 */
	union {         /* 56: 32 bytes */
		struct {
			__u32 culprit_pid;  /* the task that ran on this CPU just before the victim */
			__u32 culprit_tgid;
			char culprit_comm[TM_COMM_LEN];
			__u32 wait_cpu;     /* CPU the wait began on (differs after a migration) */
			__u8 reason;        /* enum tm_wait_reason */
			__u8 culprit_prio;  /* kernel prio of the culprit (0..99 = RT) */
			__u8 pad[2];
		} runq;
		struct {
			__u32 irq;          /* device IRQ number, or enum tm_irq_vector */
			__u32 ret;          /* irq_handler_exit ret (IRQ_HANDLED=1); 0 for vectors */
			char name[TM_NAME_LEN]; /* action name (device) or vector name */
			__u32 pad[2];
		} irq;
		struct {
			__u32 vec;          /* softirq vector: 0 HI .. 9 RCU */
			__u32 pad[7];
		} softirq;
		struct {
			__u32 ifindex;
			__u16 queue;        /* skb->queue_mapping: the tx queue */
			__u16 pad;
			__u32 len;          /* skb->len at net_dev_queue */
			__u32 netns;        /* the device's net namespace inode: ifindex is only unique within one */
			char dev[TM_NAME_LEN];
		} net;
		struct {
			__u32 ifindex;
			__u32 napi_id;
			__u32 work;
			__u32 budget;
			char dev[TM_NAME_LEN];
		} napi;
	} u;
};

/*
 * Per-CPU, per-program counters (a PERCPU_ARRAY indexed by enum tm_counter_source):
 * nothing is dropped silently. seen = tracepoint hits that passed the filters,
 * streamed = records submitted, dropped = ring buffer full (bpf_ringbuf_reserve failed),
 * below_min = completed intervals only counted because they were under min_latency_ns.
 *
 * Intervals lost before they could be measured (the sched and net probes can tell):
 * no_storage = a start could not be stored; end_unseen = the interval's end was never reported;
 * start_unseen = the interval's start, or in net the end of its first part, was never reported.
 * Per source:
 *   sched: no_storage = task storage not created (allocation failed, or the CPU was inside another
 *          task-storage operation); end_unseen = a task left the CPU while its wait was still open
 *          (the kernel skipped the sched_switch that put it on the CPU); start_unseen = a task
 *          switched in that had blocked and was never reported woken.
 *   net:   a tx packet tracked at net_dev_queue that yields no record. no_storage = the pending
 *          table refused it; end_unseen = its net_dev_xmit never ran our program (found when a packet
 *          below it on the CPU's in-flight stack finishes, or when the full stack pushes it out);
 *          start_unseen = it left without its net_dev_start_xmit running our program:
 *          freed as consumed, its address queued again, or still pending when user space's sweep
 *          (tm_net_tx_sweep, before each counter read) finds it older than the stale bound.
 *          Packets dropped before transmit (kfree_skb) are drops, not losses: not counted.
 */
enum tm_counter_source {
	TM_SRC_SCHED = 0,
	TM_SRC_HARDIRQ = 1,
	TM_SRC_SOFTIRQ = 2,
	TM_SRC_NET = 3,
	TM_SRC_MAX = 4,
};

struct tm_counters {
	__u64 seen;
	__u64 streamed;
	__u64 dropped;
	__u64 below_min;
	__u64 no_storage;
	__u64 end_unseen;
	__u64 start_unseen;
};

/*
 * Kernel-side tables that user space reads (net.bpf.c), not streamed: lookups by key, values
 * per CPU (PERCPU_HASH, summed by the reader). Keys carry the network namespace's inode number
 * because ifindex is only unique within one namespace. `dev` is written when a CPU first sees
 * the key: other CPUs' copies of the value may leave it empty.
 */
#define TM_RX_QUEUE_NONE 0xffff /* the driver recorded no rx queue (lo, veth: the per-CPU backlog) */

struct tm_rx_key {          /* netif_receive_skb, per (device, rx queue) */
	__u32 netns;        /* net namespace inode, as in /proc/<pid>/ns/net */
	__u32 ifindex;
	__u16 queue;        /* skb_get_rx_queue(), or TM_RX_QUEUE_NONE */
	__u16 pad;
};

struct tm_rx_stats {
	__u64 packets;
	__u64 bytes;        /* skb->len at netif_receive_skb (no link-layer header) */
	char dev[TM_NAME_LEN];
};

struct tm_napi_key {        /* napi_poll, per NAPI instance */
	__u32 netns;
	__u32 ifindex;      /* 0 for the per-CPU backlog (lo, veth without GRO): it has no device */
	__u32 napi_id;
};

struct tm_napi_stats {
	__u64 polls;
	__u64 work;         /* packets processed, summed over the polls */
	__u64 exhausted;    /* polls that used their whole budget: more was waiting */
	char dev[TM_NAME_LEN];
};

#endif /* TRADINGMON_H */
