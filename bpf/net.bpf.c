// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * net.bpf.c: NIC queues.
 *
 * Transmit, per (net namespace, device, tx queue): net_dev_queue -> net_dev_start_xmit is the qdisc wait,
 * start_xmit -> net_dev_xmit the driver time. Only tp_btf/net_dev_queue sees the skb after the
 * tx queue was picked, so queue, length and ifindex are taken there, keyed by the skb's address.
 * start_xmit and xmit run back to back on one CPU inside xmit_one(), but the driver may free the
 * skb in between (veth hands it to the peer), so xmit uses the address only to match.
 *
 * Receive: napi_poll fires after each poll with (work, budget): counted per NAPI instance,
 * and streamed when the budget ran out. netif_receive_skb counts packets and bytes per
 * (device, rx queue) in a table user space reads.
 *
 * Keys here are devices, not CPUs: the CPU mask does not apply. The monitor's own packets
 * (Aeron alerts) are excluded at net_dev_queue, or each alert would make a record.
 *
 * A packet tracked at net_dev_queue that cannot be measured is counted in tm_counters[TM_SRC_NET]
 * (tradingmon.h says which field means what). On this 6.18 guest the kernel now and then fires
 * net_dev_start_xmit and net_dev_xmit for a packet without running our programs (ftrace's own
 * event sees the packet leave; recursion_misses stays 0): its pending entry then outlives it, and
 * tm_net_tx_sweep counts and forgets such entries.
 */
#include "tm_common.bpf.h"

/* A packet between net_dev_queue and net_dev_start_xmit (it may sit in the qdisc a while). */
struct tx_pending {
	__u64 queued_ns;
	__u32 ifindex;
	__u16 queue;
	__u16 pad;
	__u32 len;
	__u32 pid;
	__u32 tgid;
	__u32 netns;
	char comm[TM_COMM_LEN];
};

/*
 * LRU, not a plain hash: kfree_skb/consume_skb clean up, but a few free paths have no
 * tracepoint; a plain hash would slowly fill with their stale keys and then refuse every
 * packet. tm_net_tx_sweep removes stale keys too, so evicting the oldest entry can only lose
 * a live packet when more than max_entries packets wait in qdiscs at once, far above the
 * default queue lengths.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* skb address */
	__type(value, struct tx_pending);
} tm_tx_pending SEC(".maps");

/*
 * Packets inside the driver on this CPU, innermost last. xmit_one() nests when a virtual
 * device transmits on a lower one (vlan, bond); the kernel stops that recursion at 8.
 */
#define TX_MAX_NESTING 8

struct tx_inflight {
	__u64 skb;
	__u64 start_ns;
	struct tx_pending p;
};

struct tx_stack {
	struct tx_inflight slot[TX_MAX_NESTING];
	__u32 depth;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tx_stack);
} tm_tx_stack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct tm_rx_key);
	__type(value, struct tm_rx_stats);
} tm_rx_queues SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct tm_napi_key);
	__type(value, struct tm_napi_stats);
} tm_napi_stats SEC(".maps");

/*
 * New keys refused because rx_queues / napi_stats were full: those packets or polls went
 * uncounted. Per CPU, indexed by enum tm_table.
 */
enum tm_table { TM_TABLE_RX = 0, TM_TABLE_NAPI = 1 };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} tm_table_keys_lost SEC(".maps");

static __always_inline void tm_count_key_lost(__u32 table)
{
	__u64 *n = bpf_map_lookup_elem(&tm_table_keys_lost, &table);

	if (n)
		(*n)++;
}

/* Driver said NETDEV_TX_BUSY: the qdisc requeues the packet and sends it through start_xmit again. */
#define TM_NETDEV_TX_BUSY 0x10

/* Why a tracked packet could not be measured: the tm_counters field it is counted in (tradingmon.h). */
enum tm_net_loss { TM_NET_NO_STORAGE, TM_NET_END_UNSEEN, TM_NET_START_UNSEEN };

static __always_inline void tm_net_lost(enum tm_net_loss why, __u32 n)
{
	struct tm_counters *c = tm_counters_of(TM_SRC_NET);

	if (!c)
		return;
	if (why == TM_NET_NO_STORAGE)
		c->no_storage += n;
	else if (why == TM_NET_END_UNSEEN)
		c->end_unseen += n;
	else
		c->start_unseen += n;
}

static __always_inline __u32 tm_netns_of(struct net_device *dev)
{
	return BPF_CORE_READ(dev, nd_net.net, ns.inum);
}

SEC("tp_btf/net_dev_queue")
int BPF_PROG(tm_net_dev_queue, struct sk_buff *skb)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 key = (__u64)skb;
	struct tx_pending p = {};

	if ((id >> 32) == tm_exclude_tgid && tm_exclude_tgid)
		return 0;
	p.queued_ns = bpf_ktime_get_ns();
	p.netns = BPF_CORE_READ(skb, dev, nd_net.net, ns.inum);
	p.ifindex = BPF_CORE_READ(skb, dev, ifindex);
	p.queue = BPF_CORE_READ(skb, queue_mapping);
	p.len = BPF_CORE_READ(skb, len);
	p.pid = (__u32)id;
	p.tgid = id >> 32;
	bpf_get_current_comm(p.comm, sizeof(p.comm));
	/*
	 * An entry already under this address belongs to an earlier packet at the same address that
	 * was never seen at start_xmit nor freed by a traced path: it left unmeasured.
	 */
	if (bpf_map_lookup_elem(&tm_tx_pending, &key))
		tm_net_lost(TM_NET_START_UNSEEN, 1);
	if (bpf_map_update_elem(&tm_tx_pending, &key, &p, BPF_ANY))
		tm_net_lost(TM_NET_NO_STORAGE, 1);
	return 0;
}

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(tm_net_dev_start_xmit, const struct sk_buff *skb, const struct net_device *dev)
{
	__u64 key = (__u64)skb;
	struct tx_pending *p = bpf_map_lookup_elem(&tm_tx_pending, &key);
	struct tx_stack *st;
	struct tx_inflight *f;
	__u32 zero = 0, d;

	if (!p) /* queued before attach, excluded, or not through net_dev_queue */
		return 0;
	st = bpf_map_lookup_elem(&tm_tx_stack, &zero);
	if (!st)
		return 0;
	d = st->depth;
	if (d >= TX_MAX_NESTING) {
		/*
		 * Full, yet the kernel nests at most 8 transmits: the oldest slot is a packet whose
		 * net_dev_xmit never ran our program, left below every later one. Dropped and counted, or
		 * such leftovers would fill the stack and refuse every packet on this CPU from then on.
		 */
#pragma unroll
		for (int j = 0; j < TX_MAX_NESTING - 1; j++)
			st->slot[j] = st->slot[j + 1];
		d = TX_MAX_NESTING - 1;
		tm_net_lost(TM_NET_END_UNSEEN, 1);
	}
	f = &st->slot[d & (TX_MAX_NESTING - 1)];
	f->skb = key;
	f->start_ns = bpf_ktime_get_ns();
	f->p = *p;
	st->depth = d + 1;
	bpf_map_delete_elem(&tm_tx_pending, &key);
	return 0;
}

SEC("tp_btf/net_dev_xmit")
int BPF_PROG(tm_net_dev_xmit, struct sk_buff *skb, int rc, struct net_device *dev, unsigned int len)
{
	struct tx_stack *st;
	struct tx_inflight *f;
	struct tm_event *e;
	__u32 zero = 0, d;
	int found = -1;
	__u64 now, wait, driver, key = (__u64)skb;

	st = bpf_map_lookup_elem(&tm_tx_stack, &zero);
	if (!st)
		return 0;
	d = st->depth;
	if (d == 0 || d > TX_MAX_NESTING)
		return 0;
	/*
	 * Innermost first. Normally the top is this packet; a packet found lower means the slots above
	 * it are packets whose net_dev_xmit never ran our program: counted, and dropped from the stack.
	 * Not found at all: an untracked packet nested inside a tracked one.
	 */
#pragma unroll
	for (int j = TX_MAX_NESTING - 1; j >= 0; j--) {
		if (found < 0 && j < d && st->slot[j].skb == key)
			found = j;
	}
	if (found < 0)
		return 0;
	f = &st->slot[found & (TX_MAX_NESTING - 1)];
	if (found + 1 < d)
		tm_net_lost(TM_NET_END_UNSEEN, d - found - 1);
	st->depth = found;
	if (rc == TM_NETDEV_TX_BUSY) {
		/* Not sent: the qdisc requeues it and start_xmit sees it again, still waiting. */
		bpf_map_update_elem(&tm_tx_pending, &key, &f->p, BPF_ANY);
		return 0;
	}

	now = bpf_ktime_get_ns();
	wait = f->start_ns - f->p.queued_ns;
	driver = now - f->start_ns;
	e = tm_reserve(TM_SRC_NET, wait, driver);
	if (!e)
		return 0;
	e->ts_ns = now;
	e->value_ns = wait;
	e->aux_ns = driver;
	e->kind = TM_EV_NET_TX;
	e->cpu = bpf_get_smp_processor_id();
	/* The task that queued the packet; the one transmitting may be a softirq on its behalf. */
	e->pid = f->p.pid;
	e->tgid = f->p.tgid;
	__builtin_memcpy(e->comm, f->p.comm, sizeof(e->comm));
	__builtin_memset(&e->u, 0, sizeof(e->u));
	e->u.net.ifindex = f->p.ifindex;
	e->u.net.queue = f->p.queue;
	e->u.net.len = f->p.len;
	e->u.net.netns = f->p.netns;
	bpf_probe_read_kernel_str(e->u.net.dev, sizeof(e->u.net.dev), dev->name);
	tm_submit(e);
	return 0;
}

/* A packet dropped in the qdisc (or freed before start_xmit) no longer waits. */
SEC("tp_btf/kfree_skb")
int BPF_PROG(tm_kfree_skb, struct sk_buff *skb)
{
	__u64 key = (__u64)skb;

	bpf_map_delete_elem(&tm_tx_pending, &key);
	return 0;
}

/* Freed as consumed, not dropped, before start_xmit saw it: it left unmeasured (replaced by its GSO segments, say). */
SEC("tp_btf/consume_skb")
int BPF_PROG(tm_consume_skb, struct sk_buff *skb)
{
	__u64 key = (__u64)skb;

	if (bpf_map_delete_elem(&tm_tx_pending, &key) == 0)
		tm_net_lost(TM_NET_START_UNSEEN, 1);
	return 0;
}

SEC("tp_btf/napi_poll")
int BPF_PROG(tm_napi_poll, struct napi_struct *napi, int work, int budget)
{
	struct net_device *dev = napi->dev; /* NULL for the per-CPU backlog */
	struct tm_napi_key key = {};
	struct tm_napi_stats *st, init = {};
	struct tm_counters *c;
	struct tm_event *e;

	if (dev) {
		key.netns = tm_netns_of(dev);
		key.ifindex = dev->ifindex;
	}
	key.napi_id = napi->napi_id;
	st = bpf_map_lookup_elem(&tm_napi_stats, &key);
	if (!st) {
		if (dev)
			bpf_probe_read_kernel_str(init.dev, sizeof(init.dev), dev->name);
		else
			__builtin_memcpy(init.dev, "backlog", sizeof("backlog"));
		/* Another CPU may insert the same key first (NOEXIST fails): the lookup still finds it. */
		bpf_map_update_elem(&tm_napi_stats, &key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&tm_napi_stats, &key);
		if (!st) {
			tm_count_key_lost(TM_TABLE_NAPI);
			return 0;
		}
	}
	st->polls++;
	st->work += work;
	if (work < budget)
		return 0;

	/* Budget exhausted: packets were left waiting for the next poll. Stream it. */
	st->exhausted++;
	c = tm_counters_of(TM_SRC_NET);
	if (!c)
		return 0;
	c->seen++;
	e = bpf_ringbuf_reserve(&tm_events, sizeof(*e), 0);
	if (!e) {
		c->dropped++;
		return 0;
	}
	c->streamed++;
	tm_fill(e, TM_EV_NAPI_POLL, bpf_ktime_get_ns(), 0, 0);
	__builtin_memset(&e->u, 0, sizeof(e->u));
	e->u.napi.ifindex = key.ifindex;
	e->u.napi.napi_id = key.napi_id;
	e->u.napi.work = work;
	e->u.napi.budget = budget;
	__builtin_memcpy(e->u.napi.dev, st->dev, sizeof(e->u.napi.dev));
	tm_submit(e);
	return 0;
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(tm_netif_receive_skb, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct tm_rx_key key = {};
	struct tm_rx_stats *st, init = {};
	__u16 qm = skb->queue_mapping;

	key.netns = tm_netns_of(dev);
	key.ifindex = dev->ifindex;
	/* skb_get_rx_queue(): drivers with rx queues record queue + 1; 0 means none recorded. */
	key.queue = qm ? qm - 1 : TM_RX_QUEUE_NONE;
	st = bpf_map_lookup_elem(&tm_rx_queues, &key);
	if (!st) {
		bpf_probe_read_kernel_str(init.dev, sizeof(init.dev), dev->name);
		bpf_map_update_elem(&tm_rx_queues, &key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&tm_rx_queues, &key);
		if (!st) {
			tm_count_key_lost(TM_TABLE_RX);
			return 0;
		}
	}
	st->packets++;
	st->bytes += skb->len;
	return 0;
}

/*
 * Counts (start_unseen) and forgets tracked packets still waiting for start_xmit after
 * older_than_ns: the kernel sent them without running our start_xmit program, or freed them by a
 * path with no tracepoint. User space runs it (BPF_PROG_TEST_RUN) before each read of the
 * counters. A packet legitimately queued longer than older_than_ns is counted lost too, and then
 * left unmeasured: user space passes a bound no healthy qdisc wait reaches.
 */
struct tm_tx_sweep_args {
	__u64 older_than_ns;
};

struct tm_tx_sweep_ctx {
	__u64 before_ns;
	struct tm_counters *c;
};

static long tm_tx_sweep_one(struct bpf_map *map, __u64 *key, struct tx_pending *p, struct tm_tx_sweep_ctx *ctx)
{
	/*
	 * Deleted here, or by start_xmit/kfree_skb a moment ago: only the first one counts. Atomic: this
	 * runs in task context, and a net program on this CPU may interrupt it. Counted here rather than
	 * summed in ctx: the verifier would follow the sum through every callback call.
	 */
	if (p->queued_ns < ctx->before_ns && bpf_map_delete_elem(map, key) == 0)
		__sync_fetch_and_add(&ctx->c->start_unseen, 1);
	return 0;
}

SEC("syscall")
int tm_net_tx_sweep(struct tm_tx_sweep_args *args)
{
	struct tm_tx_sweep_ctx ctx = {};
	__u64 now = bpf_ktime_get_ns();

	ctx.c = tm_counters_of(TM_SRC_NET);
	if (!ctx.c || args->older_than_ns >= now)
		return 0;
	ctx.before_ns = now - args->older_than_ns;
	bpf_for_each_map_elem(&tm_tx_pending, tm_tx_sweep_one, &ctx, 0);
	return 0;
}
