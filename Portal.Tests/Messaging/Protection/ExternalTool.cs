using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Messaging.Protection;

/// <summary>What a command-line tool did: exit code and both output streams.</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr, byte[] StdOutBytes)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}

/// <summary>Runs the real peers (openssl, gpg, dkimpy) the protection code must interoperate with.</summary>
public static class ExternalTool
{
    public static ToolResult Run(string fileName, IEnumerable<string> arguments, byte[]? stdin = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment)
                info.Environment[key] = value;

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{fileName}' could not be started ({e.Message}); install the Debian package that provides it.", e);
        }

        using (process)
        {
            using var stdout = new MemoryStream();
            var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var readErr = process.StandardError.ReadToEndAsync();
            try
            {
                if (stdin is not null)
                    process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool may exit before reading all input (e.g. on a parse error); its exit code says why.
            }

            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish in time.");
            }
            process.WaitForExit();
            readOut.Wait();
            var bytes = stdout.ToArray();
            return new ToolResult(process.ExitCode, Encoding.UTF8.GetString(bytes), readErr.Result, bytes);
        }
    }

    public static ToolResult Run(string fileName, params string[] arguments) => Run(fileName, (IEnumerable<string>)arguments);

    /// <summary>Runs and insists on success, so a broken fixture fails loudly rather than skipping.</summary>
    public static ToolResult MustRun(string fileName, params string[] arguments)
    {
        var result = Run(fileName, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {result}");
        return result;
    }
}
