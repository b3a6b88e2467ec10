using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Portal.Grains.Data;

/// <summary>Where the product keeps its files and which database it uses.</summary>
public sealed class DataOptions
{
    public const string SectionName = "Portal";

    /// <summary>Folder for the embedded SQLite database and development key files.
    /// Relative paths are taken from the content root; default <c>App_Data</c> there.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Explicit SQLite connection string; default a <c>portal.db</c> file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data directory as an absolute path, created if missing.</summary>
    public static string ResolveDataDirectory(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(SectionName).Get<DataOptions>() ?? new DataOptions();
        var directory = Path.GetFullPath(configured.DataDirectory, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
