using Microsoft.Extensions.Configuration;

namespace Portal.Data;

/// <summary>Which database the product uses (<c>Database:Provider</c>) and how to reach it (<c>Database:ConnectionString</c>).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The provider's connection string. Required for a server; for SQLite the default is a
    /// <c>portal.db</c> file in <see cref="DataOptions.DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Reads the section; a provider name the product does not know or a server without a connection string is
    /// refused at start with what to set, rather than failing at the first query.</summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = new DatabaseOptions { ConnectionString = section[nameof(ConnectionString)] };
        if (section[nameof(Provider)] is { Length: > 0 } name)
        {
            if (!Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
                throw new InvalidOperationException($"{SectionName}:{nameof(Provider)} is '{name}'; use one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
            options.Provider = provider;
        }
        if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException($"{SectionName}:{nameof(ConnectionString)} is required for {options.Provider}.");
        return options;
    }
}
