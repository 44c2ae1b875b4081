using System.Runtime.CompilerServices;
using TradingMon.Core;
using TradingMon.Ring;

namespace TradingMon.Actors.Bridge;

/// <summary>
/// The ring's handler for the actor bridge, as a struct so <see cref="BatchEventProcessor{T,THandler}"/>
/// is specialised for it and the per-event call is direct, not an interface dispatch:
/// <c>pipeline.Add(actors.EventHandler)</c>.
/// </summary>
public readonly struct RingBridgeEventHandler(RingBridgeHandler bridge) : IEventHandler<KernelEvent>
{
    public RingBridgeHandler Bridge => bridge;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref KernelEvent evt, long sequence, bool endOfBatch) => bridge.OnEvent(ref evt, sequence, endOfBatch);
}
