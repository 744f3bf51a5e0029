using System.Net;
using System.Net.Sockets;

namespace BuryUrgentCare.Support;

/// <summary>
/// A loopback port for a server a test starts in another process (influxd, prometheus, the host). Not the kernel's
/// "any free port": that comes from the ephemeral range (32768–60999 on Linux), which every outgoing connection of the
/// test run (Kafka clients, HTTP) also draws from, so between choosing it and the server binding it an outgoing socket
/// could take it ("address already in use"). A random port below that range that binds now is only ever taken by another
/// server, and each start picks its own.
/// </summary>
public static class LoopbackPort
{
    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}
