namespace Portal.Tests.Messaging.Protection;

/// <summary>A private scratch directory removed when the test or fixture ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A gpg-agent may still hold its socket for a moment; the OS temp cleaner gets the rest.
        }
    }
}
