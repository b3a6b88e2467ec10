using System.Diagnostics;
using System.Net.Sockets;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>Postfix's smtp-sink (Debian package postfix) on a loopback port: accepts and discards everything, fast.</summary>
public sealed class SmtpSink : IDisposable
{
    public const string Path = "/usr/sbin/smtp-sink";
    private readonly Process _process;

    public SmtpSink(int? port = null)
    {
        if (!File.Exists(Path)) throw new InvalidOperationException($"{Path} is missing: install the Debian package 'postfix'.");
        Port = port ?? FreePort.Next();
        _process = Process.Start(new ProcessStartInfo(Path, ["-u", "root", $"127.0.0.1:{Port}", "1000"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("smtp-sink did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
