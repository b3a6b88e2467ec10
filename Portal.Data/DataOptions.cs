using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Portal.Data;

/// <summary>Where the product keeps its files (the embedded database, development keys, captured mail).</summary>
public sealed class DataOptions
{
    public const string SectionName = "Portal";

    /// <summary>Folder for the embedded SQLite database and development key files.
    /// Relative paths are taken from the content root; default <c>App_Data</c> there.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>The data directory as an absolute path, created if missing.</summary>
    public static string ResolveDataDirectory(IHostApplicationBuilder builder) =>
        ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);

    /// <inheritdoc cref="ResolveDataDirectory(IHostApplicationBuilder)"/>
    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetSection(SectionName).Get<DataOptions>() ?? new DataOptions();
        var directory = Path.GetFullPath(configured.DataDirectory, contentRoot);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
