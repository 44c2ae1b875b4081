// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * xdp_pass.bpf.c: TEST CODE, not a TradingMon probe. Passes every packet. Attached natively to
 * a veth, it switches that veth's receive path to per-queue NAPI (without it, and without GRO
 * which needs ethtool, veth delivers through the per-CPU backlog), so napi_poll fires for it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int tm_xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
