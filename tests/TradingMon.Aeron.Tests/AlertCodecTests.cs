using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class AlertCodecTests
{
    // The golden alert, byte by byte, written from the schema's table (not from the encoder).
    private const string GoldenHex =
        "4800" + "0100" + "a506" + "0100" +      // header: blockLength 72, templateId 1, schemaId 1701, version 1
        "2a00000000000000" +                     //  0 sequence 42
        "8877665544332211" +                     //  8 kernelTimestampNs
        "0080665544332211" +                     // 16 detectionTimestampNs
        "03" + "04" + "0000" +                   // 24 severity Critical, 25 metric SoftirqLatency, 26 unused
        "01000000" +                             // 28 cpu 1
        "03000000" +                             // 32 keyId1 3
        "ffffffff" +                             // 36 keyId2 -1
        "90d0030000000000" +                     // 40 observedNs 250000
        "a086010000000000" +                     // 48 thresholdNs 100000
        "e1100000" +                             // 56 culpritPid 4321
        "07000000" +                             // 60 suppressedCount 7
        "40420f0000000000" +                     // 64 suppressedWorstNs 1000000
        "0b00" + "736f66746972712d703939" +      // ruleId "softirq-p99"
        "0b00" + "637075312f4e45545f5258" +      // keyName "cpu1/NET_RX"
        "0600" + "697065726633" +                // culpritComm "iperf3"
        "0600" + "6c64342dcebc";                 // host "ld4-μ"

    [Fact]
    public void Golden_alert_encodes_to_the_pinned_bytes()
    {
        var buffer = new byte[AlertCodec.MaxEncodedLength];
        var alert = AlertSamples.Golden();
        int length = AlertEncoder.Encode(alert, buffer, out bool truncated);

        Assert.False(truncated);
        Assert.Equal(GoldenHex, Convert.ToHexStringLower(buffer, 0, length));
    }

    [Fact]
    public void Golden_bytes_decode_to_every_field()
    {
        var bytes = Convert.FromHexString(GoldenHex);
        Assert.Equal(AlertDecodeResult.Ok, AlertDecoder.TryWrap(bytes, out var decoder));

        Assert.Equal(bytes.Length, decoder.EncodedLength);
        Assert.Equal(1, decoder.Version);
        AssertSameAlert(AlertSamples.Golden(), decoder.ToAlert());
    }

    [Fact]
    public void Encoding_into_a_preallocated_buffer_allocates_nothing()
    {
        var buffer = new byte[AlertCodec.MaxEncodedLength];
        var alert = AlertSamples.Golden();
        AlertEncoder.Encode(alert, buffer, out _); // JIT and first-call costs outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            alert.Sequence = i;
            AlertEncoder.Encode(alert, buffer, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Strings_longer_than_the_schema_maximum_are_cut_at_a_character_boundary()
    {
        var alert = AlertSamples.Golden();
        alert.Host = new string('\u03bc', 200); // 400 UTF-8 bytes
        alert.RuleId = null!;
        var buffer = new byte[AlertCodec.MaxEncodedLength];

        int length = AlertEncoder.Encode(alert, buffer, out bool truncated);

        Assert.True(truncated);
        Assert.Equal(AlertDecodeResult.Ok, AlertDecoder.TryWrap(buffer.AsSpan(0, length), out var decoder));
        Assert.Equal(254, decoder.HostUtf8.Length); // 127 whole characters; the 128th would need byte 256
        Assert.Equal(new string('\u03bc', 127), decoder.ToAlert().Host);
        Assert.Equal("", decoder.ToAlert().RuleId);
    }

    [Fact]
    public void Largest_alert_fits_the_documented_maximum()
    {
        var alert = AlertSamples.Golden();
        alert.RuleId = alert.KeyName = alert.Host = new string('x', 1000);
        alert.CulpritComm = Comm.From("0123456789abcdef");
        var buffer = new byte[AlertCodec.MaxEncodedLength];

        int length = AlertEncoder.Encode(alert, buffer, out _);

        Assert.Equal(AlertCodec.MaxEncodedLength - (AlertCodec.MaxVarStringLength - 15), length);
    }

    [Fact]
    public void Buffer_too_small_for_the_largest_alert_is_refused()
    {
        var buffer = new byte[AlertCodec.MaxEncodedLength - 1];
        Assert.Throws<ArgumentException>(() => AlertEncoder.Encode(AlertSamples.Golden(), buffer, out _));
    }

    [Theory]
    [InlineData("48656c6c6f20576f726c64212031", AlertDecodeResult.OtherSchema)] // basic_publisher's "Hello World! 1"
    [InlineData("480001", AlertDecodeResult.Truncated)]
    [InlineData("48000200a5060100", AlertDecodeResult.OtherTemplate)]
    [InlineData("47000100a5060100", AlertDecodeResult.BlockTooShort)]
    [InlineData("48000100a5060100", AlertDecodeResult.Truncated)]
    public void Messages_that_are_not_whole_alerts_are_named(string hex, AlertDecodeResult expected)
    {
        Assert.Equal(expected, AlertDecoder.TryWrap(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Every_truncation_of_a_valid_alert_is_reported_as_truncated()
    {
        var bytes = Convert.FromHexString(GoldenHex);
        for (int n = 0; n < bytes.Length; n++)
            Assert.Equal(AlertDecodeResult.Truncated, AlertDecoder.TryWrap(bytes.AsSpan(0, n), out _));
    }

    [Fact]
    public void A_newer_version_with_a_longer_root_block_still_decodes()
    {
        // SBE evolution: version 2 appends 8 bytes to the block; var data follows the header's blockLength.
        var golden = Convert.FromHexString(GoldenHex);
        var v2 = new byte[golden.Length + 8];
        golden.AsSpan(0, 80).CopyTo(v2);
        golden.AsSpan(80).CopyTo(v2.AsSpan(88));
        v2[0] = 80; // blockLength
        v2[6] = 2;  // version

        Assert.Equal(AlertDecodeResult.Ok, AlertDecoder.TryWrap(v2, out var decoder));
        Assert.Equal(2, decoder.Version);
        AssertSameAlert(AlertSamples.Golden(), decoder.ToAlert());
    }

    [Property(MaxTest = 300)]
    public void Any_alert_round_trips(long sequence, long kts, long dts, byte severity, byte metric, int cpu, int key1,
        int key2, long observed, long threshold, int pid, int suppressed, long worst,
        NonNull<string> ruleId, NonNull<string> keyName, NonNull<string> host)
    {
        var alert = new Alert
        {
            Sequence = sequence, KernelTimestampNs = kts, DetectionTimestampNs = dts,
            Severity = (AlertSeverity)severity, Metric = (Metric)metric, Cpu = cpu, KeyId1 = key1, KeyId2 = key2,
            ObservedNs = observed, ThresholdNs = threshold, CulpritPid = pid, SuppressedCount = suppressed,
            SuppressedWorstNs = worst, RuleId = ruleId.Get, KeyName = keyName.Get, Host = host.Get,
            CulpritComm = Comm.From("comm"),
        };
        var buffer = new byte[AlertCodec.MaxEncodedLength];
        int length = AlertEncoder.Encode(alert, buffer, out bool truncated);

        Assert.Equal(AlertDecodeResult.Ok, AlertDecoder.TryWrap(buffer.AsSpan(0, length), out var decoder));
        Assert.Equal(length, decoder.EncodedLength);
        var back = decoder.ToAlert();
        Assert.Equal(alert.Sequence, back.Sequence);
        Assert.Equal(alert.Severity, back.Severity);
        Assert.Equal(alert.Metric, back.Metric);
        Assert.Equal(alert.SuppressedWorstNs, back.SuppressedWorstNs);
        Assert.Equal(alert.CulpritPid, back.CulpritPid);
        bool anyCut = false;
        anyCut |= AssertStringSurvived(alert.RuleId, back.RuleId);
        anyCut |= AssertStringSurvived(alert.KeyName, back.KeyName);
        anyCut |= AssertStringSurvived(alert.Host, back.Host);
        Assert.Equal(anyCut, truncated);
    }

    [Property(MaxTest = 500)]
    public void Decoder_never_throws_or_reads_outside_a_hostile_message(byte[] noise, int flipAt, byte flipTo)
    {
        // Half random bytes, half a valid alert with one byte changed: both must decode or be named, never throw.
        var golden = Convert.FromHexString(GoldenHex);
        golden[(int)((uint)flipAt % golden.Length)] = flipTo;
        foreach (var message in new[] { noise, golden })
        {
            if (AlertDecoder.TryWrap(message, out var decoder) != AlertDecodeResult.Ok) continue;
            Assert.InRange(decoder.EncodedLength, AlertCodec.MinEncodedLength, message.Length);
            _ = decoder.ToAlert();
        }
    }

    /// <summary>True when the string was cut; then the decoded one is a prefix within the 255-byte limit.</summary>
    private static bool AssertStringSurvived(string sent, string received)
    {
        string valid = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(sent)); // lone surrogates become U+FFFD
        if (Encoding.UTF8.GetByteCount(valid) <= AlertCodec.MaxVarStringLength)
        {
            Assert.Equal(valid, received);
            return false;
        }
        Assert.StartsWith(received, valid, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(received), AlertCodec.MaxVarStringLength - 3, AlertCodec.MaxVarStringLength);
        return true;
    }

    internal static void AssertSameAlert(Alert expected, Alert actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.KernelTimestampNs, actual.KernelTimestampNs);
        Assert.Equal(expected.DetectionTimestampNs, actual.DetectionTimestampNs);
        Assert.Equal(expected.Severity, actual.Severity);
        Assert.Equal(expected.Metric, actual.Metric);
        Assert.Equal(expected.Cpu, actual.Cpu);
        Assert.Equal(expected.KeyId1, actual.KeyId1);
        Assert.Equal(expected.KeyId2, actual.KeyId2);
        Assert.Equal(expected.ObservedNs, actual.ObservedNs);
        Assert.Equal(expected.ThresholdNs, actual.ThresholdNs);
        Assert.Equal(expected.CulpritPid, actual.CulpritPid);
        Assert.Equal(expected.SuppressedCount, actual.SuppressedCount);
        Assert.Equal(expected.SuppressedWorstNs, actual.SuppressedWorstNs);
        Assert.Equal(expected.RuleId, actual.RuleId);
        Assert.Equal(expected.KeyName, actual.KeyName);
        Assert.Equal(expected.CulpritComm, actual.CulpritComm);
        Assert.Equal(expected.Host, actual.Host);
    }
}
