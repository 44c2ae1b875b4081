// Kernel tests share two CPUs, SCHED_FIFO hogs and the kernel's tracepoints: run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
