namespace TradingMon.Kernel.Probes;

/// <summary>
/// What the user loses, in words, when this kernel lacks one of the irq, softirq or net probes'
/// tracepoints: the loader says it and carries on with the rest.
/// </summary>
public static class TracepointLosses
{
    private static readonly Dictionary<string, string> Losses = new()
    {
        ["irq:irq_handler_entry"] = "device IRQ handler times (per IRQ and action) are not measured",
        ["irq:irq_handler_exit"] = "device IRQ handler times (per IRQ and action) are not measured",
        ["irq_vectors:local_timer"] = "timer interrupt (local_timer) handler times are not measured",
        ["irq_vectors:reschedule"] = "rescheduling IPI handler times are not measured",
        ["irq_vectors:call_function"] = "function-call IPI (call_function) handler times are not measured",
        ["irq_vectors:call_function_single"] = "single-target function-call IPI (call_function_single) handler times are not measured",
        ["irq_vectors:irq_work"] = "irq_work interrupt handler times are not measured",
        ["irq_vectors:spurious_apic"] = "spurious APIC interrupt times are not measured",
        ["irq_vectors:error_apic"] = "APIC error interrupt times are not measured",
        ["irq_vectors:thermal_apic"] = "thermal interrupt times are not measured",
        ["irq_vectors:x86_platform_ipi"] = "platform IPI times are not measured",
        ["irq_vectors:deferred_error_apic"] = "AMD deferred machine-check error interrupt times are not measured (only kernels built with CONFIG_X86_MCE_AMD have it)",
        ["irq_vectors:threshold_apic"] = "machine-check threshold interrupt times are not measured (only kernels built with CONFIG_X86_MCE_THRESHOLD have it)",
        ["irq:softirq_raise"] = "softirq raise -> entry latency is not measured (durations still are; latency reads 0)",
        ["irq:softirq_entry"] = "softirq durations and raise latencies are not measured",
        ["irq:softirq_exit"] = "softirq durations and raise latencies are not measured",
        ["net:net_dev_queue"] = "no packet is tracked from its queueing: no tx-queue wait or driver time at all",
        ["net:net_dev_start_xmit"] = "tx-queue waits and driver times are not measured",
        ["net:net_dev_xmit"] = "tx-queue waits and driver times are not reported",
        ["skb:kfree_skb"] = "packets dropped before transmit stay in the tx table until it evicts them (oldest first)",
        ["skb:consume_skb"] = "packets freed before transmit stay in the tx table until it evicts them (oldest first)",
        ["napi:napi_poll"] = "NAPI polls, work and budget exhaustion are not counted",
        ["net:netif_receive_skb"] = "packets and bytes per rx queue are not counted",
    };

    /// <summary>
    /// "irq_vectors:threshold_apic_entry is missing on this kernel: machine-check threshold interrupt
    /// times are not measured (...)", or null for a tracepoint not in the table.
    /// </summary>
    public static string? Describe(string tracepoint)
    {
        foreach (var (name, loss) in Losses)
        {
            string bare = name[(name.IndexOf(':') + 1)..];
            // A system vector is a pair: <name>_entry / <name>_exit.
            if (tracepoint == bare || (name.StartsWith("irq_vectors:", StringComparison.Ordinal) && (tracepoint == bare + "_entry" || tracepoint == bare + "_exit")))
                return $"tracepoint {name[..(name.IndexOf(':') + 1)]}{tracepoint} is missing on this kernel: {loss}";
        }
        return null;
    }
}
