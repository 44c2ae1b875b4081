// The monitor tests attach probes and pin a SCHED_FIFO hog to CPU 1: run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
