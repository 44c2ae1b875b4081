namespace TradingMon.Aeron.Protocol;

/// <summary>Frame type codes at offset 6 of every frame (brief §1, C <c>AERON_HDR_TYPE_*</c>).</summary>
public static class FrameType
{
    public const short Pad = 0x00;
    /// <summary>DATA, and heartbeat (a DATA header with frame_length 0).</summary>
    public const short Data = 0x01;
    public const short Nak = 0x02;
    public const short StatusMessage = 0x03;
    public const short Error = 0x04;
    public const short Setup = 0x05;
    public const short RttMeasurement = 0x06;
    /// <summary>Driver-to-driver name resolution: not ours, ignored.</summary>
    public const short Resolution = 0x07;
    /// <summary>Highest of the encrypted-transport types 0x08..0x0A: ignored.</summary>
    public const short AtsLast = 0x0A;
    /// <summary>Response-channel setup: only for control-mode=response, ignored.</summary>
    public const short ResponseSetup = 0x0B;
    /// <summary>Extension header (0xFFFF): ignored.</summary>
    public const short Extension = -1;
}
