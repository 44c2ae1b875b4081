using TradingMon.Aeron;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class AeronChannelTests
{
    [Fact]
    public void Parses_endpoint_mtu_term_length_and_the_other_supported_parameters()
    {
        var channel = AeronChannel.Parse("aeron:udp?endpoint=127.0.0.1:40123|mtu=8k|term-length=64k|session-id=-5|linger=2s|rcv-wnd=64k|so-rcvbuf=1m|reliable=true|alias=alerts");
        Assert.Equal("127.0.0.1:40123", channel.Endpoint.ToString());
        Assert.Equal(8192, channel.Mtu);
        Assert.Equal(65536, channel.TermLength);
        Assert.Equal(-5, channel.SessionId);
        Assert.Equal(TimeSpan.FromSeconds(2), channel.Linger);
        Assert.Equal(65536, channel.ReceiverWindow);
        Assert.Equal(1 << 20, channel.SocketReceiveBufferSize);
    }

    [Fact]
    public void Defaults_are_aerons()
    {
        var channel = AeronChannel.Parse("aeron:udp?endpoint=localhost:40123");
        Assert.Equal(1408, channel.Mtu);
        Assert.Equal(16 * 1024 * 1024, channel.TermLength);
        Assert.Null(channel.SessionId);
        Assert.Equal("127.0.0.1", channel.Endpoint.Address.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("udp?endpoint=127.0.0.1:1", "starts with 'aeron:'")]
    [InlineData("aeron:ipc", "'ipc'")]
    [InlineData("aeron-spy:aeron:udp?endpoint=127.0.0.1:1", "aeron-spy")]
    [InlineData("aeron:tcp?endpoint=127.0.0.1:1", "unknown media 'tcp'")]
    [InlineData("aeron:udp", "'endpoint' is required")]
    [InlineData("aeron:udp?endpoint=127.0.0.1", "host:port")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:0", "port must be")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:70000", "port must be")]
    [InlineData("aeron:udp?endpoint=[::1]:40123", "IPv6")]
    [InlineData("aeron:udp?endpoint=224.0.1.1:40123", "multicast")]
    [InlineData("aeron:udp?endpoint=no-such-host.invalid:40123", "cannot be resolved")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|mtu=1000", "mtu=1000 must be a multiple of 32")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|mtu=65536", "mtu=65536")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|term-length=100000", "power of two")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|term-length=32k", "power of two from 64k")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|term-length=64k|mtu=40000", "exceeds the receiver window")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|control=127.0.0.1:2", "'control' is not supported")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|bogus=1", "unknown parameter 'bogus'")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|mtu=1408|mtu=1408", "given twice")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|mtu", "not key=value")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|reliable=false", "reliable=false")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|linger=soon", "linger=soon")]
    [InlineData("aeron:udp?endpoint=127.0.0.1:1|session-id=x", "session-id=x")]
    public void Invalid_channels_name_the_problem(string uri, string expected)
    {
        var error = Assert.Throws<TradingMonException>(() => AeronChannel.Parse(uri));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_endpoint_that_cannot_be_bound_is_a_clear_error()
    {
        using var first = AeronSubscription.Open("aeron:udp?endpoint=127.0.0.1:40170", 1);
        var inUse = Assert.Throws<TradingMonException>(() => AeronSubscription.Open("aeron:udp?endpoint=127.0.0.1:40170", 1));
        Assert.Contains("cannot bind UDP 127.0.0.1:40170", inUse.Message);
        Assert.Contains("AddressAlreadyInUse", inUse.Message);
        var notLocal = Assert.Throws<TradingMonException>(() => AeronSubscription.Open("aeron:udp?endpoint=192.0.2.1:40171", 1));
        Assert.Contains("not assigned to a local interface", notLocal.Message);
    }
}
