using System.Runtime.InteropServices;

namespace TradingMon.Kernel.Native;

/// <summary>The few libc calls the ring-buffer reader needs: mapping the ring, and epoll to sleep on it.</summary>
internal static unsafe partial class Syscalls
{
    public const int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    public const int EPOLL_CTL_ADD = 1, EPOLLIN = 1;
    public static readonly nint MapFailed = -1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc")]
    public static partial int getpagesize();

    [LibraryImport("libc")]
    public static partial int geteuid();

    /// <summary>struct epoll_event is packed on x86-64: u32 events, u64 data.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }
}
