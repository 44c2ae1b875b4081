namespace TradingMon.Core;

/// <summary>
/// An error the user can act on: the message names what failed and what to do about it
/// ("needs root, or CAP_BPF + CAP_PERFMON"). The CLI prints it as one line, without a stack
/// trace, and exits with code 2.
/// </summary>
public class TradingMonException : Exception
{
    public TradingMonException(string message) : base(message) { }
    public TradingMonException(string message, Exception inner) : base(message, inner) { }
}
