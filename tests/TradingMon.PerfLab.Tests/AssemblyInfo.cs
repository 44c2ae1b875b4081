// The gate tests pin a probe and a SCHED_FIFO hog to CPU 1: two at once would measure each other.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
