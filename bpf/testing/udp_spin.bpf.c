// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * udp_spin.bpf.c: TEST CODE, not a TradingMon probe. A tc ingress classifier that busy-waits
 * TM_SPIN_NS per IPv4 UDP packet to port TM_SPIN_PORT: the ground truth for softirq duration
 * (each such packet puts exactly TM_SPIN_NS into one NET_RX softirq).
 *
 * tc cannot set read-only globals before load, so the figures are compile-time:
 *   clang -O2 -g -target bpf -DTM_SPIN_NS=200000 -DTM_SPIN_PORT=41020 -c udp_spin.bpf.c
 * Built by TradingMon.Workloads.UdpSpinClassifier; plain UAPI headers, no vmlinux.h needed.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef TM_SPIN_NS
#error "define TM_SPIN_NS (busy-wait per matching packet, ns)"
#endif
#ifndef TM_SPIN_PORT
#error "define TM_SPIN_PORT (UDP destination port to match)"
#endif

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct spin_ctx {
	__u64 until_ns;
};

static long spin_step(__u32 index, struct spin_ctx *ctx)
{
	return bpf_ktime_get_ns() >= ctx->until_ns; /* 1 stops bpf_loop */
}

SEC("tc")
int tm_udp_spin(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp;
	struct spin_ctx ctx;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	udp = (void *)ip + ip->ihl * 4;
	if ((void *)(udp + 1) > end || udp->dest != bpf_htons(TM_SPIN_PORT))
		return TC_ACT_OK;

	/* bpf_loop, because a plain loop this long exceeds the verifier's instruction budget. */
	ctx.until_ns = bpf_ktime_get_ns() + TM_SPIN_NS;
	bpf_loop(1 << 23, spin_step, &ctx, 0);
	return TC_ACT_OK;
}
