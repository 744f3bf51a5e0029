using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BuryUrgentCare.Support;

/// <summary>
/// A wallboard that joins every unit and then never reads: a raw WebSocket over a socket with a tiny receive buffer,
/// so the server's sends to it back up after a few kilobytes — a screen whose browser has hung, as seen in the field.
/// </summary>
internal sealed class StalledHubClient : IAsyncDisposable
{
    private readonly Socket _socket;

    private StalledHubClient(Socket socket) => _socket = socket;

    public static async Task<StalledHubClient> ConnectAsync(Uri baseAddress, string hubPath)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var negotiation = await http.PostAsync($"{hubPath}/negotiate?negotiateVersion=1", content: null);
        negotiation.EnsureSuccessStatusCode();
        var token = (await negotiation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString()!;

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var upgrade = $"GET {hubPath}?id={Uri.EscapeDataString(token)} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\n" +
                      $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(upgrade));
        var response = await ReadHeadersAsync(socket);
        if (!response.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The hub refused the WebSocket: {response}");
        }

        var client = new StalledHubClient(socket);
        await client.SendTextAsync("{\"protocol\":\"json\",\"version\":1}\u001e");
        await client.SendTextAsync("{\"type\":1,\"target\":\"JoinAll\",\"arguments\":[]}\u001e");
        return client;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads the upgrade response's headers a byte at a time, so nothing after them is consumed.</summary>
    private static async Task<string> ReadHeadersAsync(Socket socket)
    {
        var headers = new StringBuilder();
        var one = new byte[1];
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                break;
            }

            headers.Append((char)one[0]);
        }

        return headers.ToString();
    }

    /// <summary>One masked text frame (RFC 6455 §5.2: a client masks every frame); the payloads here are short.</summary>
    private async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new List<byte> { 0x81 };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }

        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        await _socket.SendAsync(frame.ToArray());
    }
}
