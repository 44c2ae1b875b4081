using System.Runtime.CompilerServices;

// The tests build frames with the real encoder (PublicationLog) and drive Image directly.
[assembly: InternalsVisibleTo("TradingMon.Aeron.Tests")]
