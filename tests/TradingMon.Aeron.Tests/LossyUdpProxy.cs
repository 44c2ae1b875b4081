using System.Net;
using System.Net.Sockets;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// A UDP relay between a publisher and a subscriber that drops, duplicates and reorders
/// datagrams in both directions. The publisher sends to <see cref="FrontPort"/>; the relay
/// forwards from its own back socket, so the subscriber answers the relay, which passes SMs and
/// NAKs back to the publisher's address.
/// </summary>
public sealed class LossyUdpProxy : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _target;
    private readonly double _dropRate, _duplicateRate, _reorderRate;
    private readonly Random _random = new(12345);
    private readonly Thread _thread;
    private volatile bool _stop;
    private EndPoint? _publisher;
    private (byte[] Data, EndPoint To, Socket Via)? _held;

    public LossyUdpProxy(int frontPort, int targetPort, double dropRate, double duplicateRate, double reorderRate)
    {
        _front.Bind(new IPEndPoint(IPAddress.Loopback, frontPort));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _front.ReceiveBufferSize = _back.ReceiveBufferSize = 4 << 20;
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        (_dropRate, _duplicateRate, _reorderRate) = (dropRate, duplicateRate, reorderRate);
        _thread = new Thread(Run) { IsBackground = true, Name = "lossy-udp-proxy" };
        _thread.Start();
    }

    public int FrontPort => ((IPEndPoint)_front.LocalEndPoint!).Port;
    public long Forwarded, Dropped, Duplicated, Reordered;

    private void Run()
    {
        var buffer = new byte[65536];
        var readable = new List<Socket>(2);
        while (!_stop)
        {
            readable.Clear();
            readable.Add(_front);
            readable.Add(_back);
            Socket.Select(readable, null, null, 2000);
            if (readable.Count == 0) { FlushHeld(); continue; }
            foreach (var socket in readable)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length = socket.ReceiveFrom(buffer, ref from);
                var data = buffer.AsSpan(0, length).ToArray();
                if (socket == _front)
                {
                    _publisher = from;
                    Relay(data, _target, _back);
                }
                else if (_publisher is not null)
                {
                    Relay(data, _publisher, _front);
                }
            }
        }
    }

    private void Relay(byte[] data, EndPoint to, Socket via)
    {
        if (_random.NextDouble() < _dropRate) { Dropped++; return; }
        if (_held is null && _random.NextDouble() < _reorderRate)
        {
            _held = (data, to, via); // goes out after the next datagram
            Reordered++;
            return;
        }
        Send(data, to, via);
        if (_random.NextDouble() < _duplicateRate) { Send(data, to, via); Duplicated++; }
        FlushHeld();
    }

    private void FlushHeld()
    {
        if (_held is not { } held) return;
        _held = null;
        Send(held.Data, held.To, held.Via);
    }

    private void Send(byte[] data, EndPoint to, Socket via)
    {
        via.SendTo(data, to);
        Forwarded++;
    }

    public override string ToString() => $"proxy forwarded={Forwarded} dropped={Dropped} duplicated={Duplicated} reordered={Reordered}";

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _front.Dispose();
        _back.Dispose();
    }
}
