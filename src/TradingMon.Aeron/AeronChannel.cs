using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TradingMon.Aeron.Protocol;
using TradingMon.Core;

namespace TradingMon.Aeron;

/// <summary>
/// A parsed Aeron channel URI, <c>aeron:udp?endpoint=host:port|mtu=1408|term-length=64k</c>
/// (brief §11, <c>ChannelUri.java</c>). TradingMon speaks unicast UDP only, so it accepts the
/// parameters that make sense there and rejects the rest with a message naming the parameter
/// and what is allowed, instead of silently ignoring something the user thought was in effect.
/// </summary>
public sealed class AeronChannel
{
    public const string Prefix = "aeron:";
    public const string Example = "aeron:udp?endpoint=127.0.0.1:40123";

    /// <summary>Parameters TradingMon understands; everything else is rejected.</summary>
    public static readonly IReadOnlyList<string> SupportedParameters =
        ["endpoint", "mtu", "term-length", "session-id", "linger", "rcv-wnd", "so-rcvbuf", "so-sndbuf", "reliable", "alias"];

    private static readonly HashSet<string> UnsupportedAeronParameters =
    [
        "control", "control-mode", "interface", "ttl", "init-term-id", "term-id", "term-offset", "eos", "tether",
        "rejoin", "group", "gtag", "fc", "cc", "ssc", "nak-delay", "max-resend", "tags", "sparse", "spies-simulate-connection",
        "response-correlation-id", "untethered-window-limit-timeout", "untethered-resting-timeout", "channel-rcv-ts-offset",
        "channel-snd-ts-offset", "media-rcv-ts-offset", "stream-id", "publication-window", "response-endpoint",
    ];

    private AeronChannel(string uri, string host, IPEndPoint endpoint)
    {
        Uri = uri;
        Host = host;
        Endpoint = endpoint;
    }

    public string Uri { get; }

    /// <summary>The host as written in the URI (a name or an address).</summary>
    public string Host { get; }

    /// <summary>Publication: where DATA goes. Subscription: the local address it binds.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Largest datagram the publication sends; multiple of 32 (default 1408).</summary>
    public int Mtu { get; private set; } = LogBufferDescriptor.DefaultMtu;

    /// <summary>Term length of the publication: power of two, 64 KiB..1 GiB (default 16 MiB).</summary>
    public int TermLength { get; private set; } = LogBufferDescriptor.DefaultTermLength;

    /// <summary>Publication: fixed session id. Subscription: only accept this session.</summary>
    public int? SessionId { get; private set; }

    /// <summary>How long a closing publication keeps sending EOS heartbeats (default 500 ms).</summary>
    public TimeSpan Linger { get; private set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Subscription: receiver window ceiling (default 128 KiB; the SETUP's term-length/2 also caps it).</summary>
    public int ReceiverWindow { get; private set; } = LogBufferDescriptor.DefaultReceiverWindow;

    public int? SocketReceiveBufferSize { get; private set; }
    public int? SocketSendBufferSize { get; private set; }

    public override string ToString() => Uri;

    /// <summary>Parses and validates <paramref name="uri"/>; resolves a host name to an IPv4 address.</summary>
    /// <exception cref="TradingMonException">The URI is malformed, names an unsupported medium or parameter,
    /// has an out-of-range value, or its host cannot be resolved.</exception>
    public static AeronChannel Parse(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
            throw Invalid(uri, $"the channel is empty; expected e.g. {Example}");
        if (uri.StartsWith("aeron-spy:", StringComparison.Ordinal))
            throw Invalid(uri, "aeron-spy: channels spy on a local media driver's publication; TradingMon has no driver. Use aeron:udp?endpoint=host:port");
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal))
            throw Invalid(uri, $"a channel starts with '{Prefix}', e.g. {Example}");

        string rest = uri[Prefix.Length..];
        int question = rest.IndexOf('?');
        string media = question < 0 ? rest : rest[..question];
        if (media == "ipc")
            throw Invalid(uri, "media 'ipc' needs a media driver's shared memory; TradingMon speaks Aeron over UDP only. Use aeron:udp?endpoint=host:port");
        if (media != "udp")
            throw Invalid(uri, $"unknown media '{media}'; the only supported media is 'udp', e.g. {Example}");

        var parameters = ParseParameters(uri, question < 0 ? "" : rest[(question + 1)..]);
        if (!parameters.TryGetValue("endpoint", out string? endpointText))
            throw Invalid(uri, $"parameter 'endpoint' is required (host:port), e.g. {Example}");

        var (host, endpoint) = ParseEndpoint(uri, endpointText);
        var channel = new AeronChannel(uri, host, endpoint);
        channel.ApplyOptions(parameters);
        return channel;
    }

    private static Dictionary<string, string> ParseParameters(string uri, string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query.Length == 0) return parameters;
        foreach (string pair in query.Split('|'))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
                throw Invalid(uri, $"'{pair}' is not key=value; parameters are separated by '|', e.g. {Example}|mtu=1408");
            string key = pair[..equals], value = pair[(equals + 1)..];
            if (UnsupportedAeronParameters.Contains(key))
                throw Invalid(uri, $"parameter '{key}' is not supported: TradingMon implements unicast UDP only. Supported: {string.Join(", ", SupportedParameters)}");
            if (!SupportedParameters.Contains(key))
                throw Invalid(uri, $"unknown parameter '{key}'. Supported: {string.Join(", ", SupportedParameters)}");
            if (!parameters.TryAdd(key, value))
                throw Invalid(uri, $"parameter '{key}' is given twice");
        }
        return parameters;
    }

    private void ApplyOptions(Dictionary<string, string> parameters)
    {
        if (parameters.TryGetValue("term-length", out string? termLength))
        {
            TermLength = ParseSize(termLength, "term-length");
            if (!LogBufferDescriptor.IsValidTermLength(TermLength))
                throw Invalid(Uri, $"term-length={termLength} must be a power of two from 64k to 1g (65536..1073741824)");
        }
        if (parameters.TryGetValue("mtu", out string? mtu))
        {
            Mtu = ParseSize(mtu, "mtu");
            if (Mtu <= DataHeader.Length || Mtu > LogBufferDescriptor.MaxUdpPayloadLength || Mtu % LogBufferDescriptor.FrameAlignment != 0)
                throw Invalid(Uri, $"mtu={mtu} must be a multiple of 32 from 64 to {LogBufferDescriptor.MaxUdpPayloadLength} (default {LogBufferDescriptor.DefaultMtu})");
        }
        if (parameters.TryGetValue("rcv-wnd", out string? window))
        {
            ReceiverWindow = ParseSize(window, "rcv-wnd");
            if (ReceiverWindow < LogBufferDescriptor.FrameAlignment * 2)
                throw Invalid(Uri, $"rcv-wnd={window} must be at least 64 bytes (default 128k)");
        }
        // A receiver refuses a SETUP whose MTU exceeds its window (brief §2.2): catch it here, not as a silent non-connection.
        int receiverWindow = LogBufferDescriptor.ReceiverWindow(TermLength, ReceiverWindow);
        if (Mtu > receiverWindow)
            throw Invalid(Uri, $"mtu={Mtu} exceeds the receiver window min(rcv-wnd, term-length/2) = {receiverWindow}; lower mtu or raise term-length");
        if (parameters.TryGetValue("session-id", out string? sessionId))
            SessionId = ParseInt(sessionId, "session-id");
        if (parameters.TryGetValue("linger", out string? linger))
            Linger = ParseDuration(linger, "linger");
        if (parameters.TryGetValue("so-rcvbuf", out string? rcvbuf))
            SocketReceiveBufferSize = ParseSize(rcvbuf, "so-rcvbuf");
        if (parameters.TryGetValue("so-sndbuf", out string? sndbuf))
            SocketSendBufferSize = ParseSize(sndbuf, "so-sndbuf");
        if (parameters.TryGetValue("reliable", out string? reliable) && reliable != "true")
            throw Invalid(Uri, $"reliable={reliable} is not supported: TradingMon always recovers loss with NAKs; use reliable=true or leave it out");
    }

    private static (string Host, IPEndPoint Endpoint) ParseEndpoint(string uri, string text)
    {
        if (text.StartsWith('['))
            throw Invalid(uri, $"endpoint={text}: IPv6 endpoints are not supported; use an IPv4 address or host name, e.g. 127.0.0.1:40123");
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw Invalid(uri, $"endpoint={text} must be host:port, e.g. 127.0.0.1:40123");
        string host = text[..colon];
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw Invalid(uri, $"endpoint={text}: port must be a number from 1 to 65535");

        IPAddress address = ResolveIPv4(uri, host);
        if (address.GetAddressBytes()[0] is >= 224 and <= 239)
            throw Invalid(uri, $"endpoint={text} is a multicast group; TradingMon implements unicast UDP only. Use a unicast address");
        return (host, new IPEndPoint(address, port));
    }

    private static IPAddress ResolveIPv4(string uri, string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            if (literal.AddressFamily != AddressFamily.InterNetwork)
                throw Invalid(uri, $"endpoint host '{host}' is not IPv4; TradingMon's Aeron transport is IPv4 only");
            return literal;
        }
        try
        {
            foreach (var candidate in Dns.GetHostAddresses(host))
                if (candidate.AddressFamily == AddressFamily.InterNetwork) return candidate;
        }
        catch (SocketException e)
        {
            throw Invalid(uri, $"endpoint host '{host}' cannot be resolved ({e.SocketErrorCode}); use an IP address or a resolvable name");
        }
        throw Invalid(uri, $"endpoint host '{host}' has no IPv4 address; use an IPv4 address");
    }

    /// <summary>Bytes, with Aeron's optional k/m/g suffix (<c>SystemUtil.parseSize</c>).</summary>
    private int ParseSize(string text, string key)
    {
        long multiplier = 1;
        string digits = text;
        char last = char.ToLowerInvariant(text[^1]);
        if (last is 'k' or 'm' or 'g')
        {
            multiplier = last switch { 'k' => 1024L, 'm' => 1024L * 1024, _ => 1024L * 1024 * 1024 };
            digits = text[..^1];
        }
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value * multiplier > int.MaxValue)
            throw Invalid(Uri, $"{key}={text} must be a positive byte count, optionally with k, m or g (e.g. 64k)");
        return (int)(value * multiplier);
    }

    private int ParseInt(string text, string key)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw Invalid(Uri, $"{key}={text} must be a 32-bit integer");
        return value;
    }

    /// <summary>Aeron durations: a number of nanoseconds, or with ns/us/ms/s suffix (<c>SystemUtil.parseDuration</c>).</summary>
    private TimeSpan ParseDuration(string text, string key)
    {
        (string suffix, long nsPerUnit)[] units = [("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000)];
        foreach (var (suffix, nsPerUnit) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            if (long.TryParse(text[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                return TimeSpan.FromTicks(value * nsPerUnit / 100);
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
            return TimeSpan.FromTicks(ns / 100);
        throw Invalid(Uri, $"{key}={text} must be a duration such as 500ms, 2s or a number of nanoseconds");
    }

    private static TradingMonException Invalid(string? uri, string problem) =>
        new($"invalid Aeron channel '{uri}': {problem}");
}
