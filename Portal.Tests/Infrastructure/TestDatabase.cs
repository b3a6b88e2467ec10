using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The database one test portal runs on: a SQLite file in its data directory, or, when <c>PORTAL_TEST_POSTGRES</c> holds
/// a server's connection string (<c>.ci/postgres start</c> sets it), a fresh PostgreSQL database of its own that is
/// dropped afterwards. The whole suite runs once per provider.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private static string? Server => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    /// <summary>The provider this run of the suite uses.</summary>
    public static DatabaseProvider RunProvider => Server is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    private readonly string? _databaseName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _databaseName = databaseName;
    }

    /// <summary>An empty database (no tables yet) for the run's provider; SQLite's file goes in <paramref name="directory"/>.</summary>
    public static TestDatabase Create(string directory)
    {
        if (Server is not { } server)
            return new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "portal.db"), Pooling = true }.ToString(), null);

        var name = $"portal_test_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }
        return new(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
    }

    /// <summary>The settings that point the product at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"] = Provider.ToString(),
        [$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionString)}"] = ConnectionString,
    };

    /// <summary>A context factory outside the product, for tests that read or change rows directly.</summary>
    public PortalDbContextFactory Factory() => PortalDbContextFactory.For(Provider, ConnectionString);

    /// <summary>Every column of one row exactly as the database holds it, read with plain SQL rather than through the model.</summary>
    public async Task<IReadOnlyDictionary<string, object>> RawRowAsync(string table, Guid id)
    {
        await using var db = Factory().CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        // SQLite keeps a Guid as upper-case text; the servers have a uuid type.
        parameter.Value = Provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            throw new InvalidOperationException($"No row {id} in {table}.");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
    }

    /// <summary>
    /// The files the database keeps its data in: SQLite's file with its journal, or this PostgreSQL database's own
    /// folder plus the server's write-ahead log (where a committed row is first written).
    /// </summary>
    public async Task<IReadOnlyList<string>> StorageFilesAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*");
        }
        var data = Path.Combine(Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES_DIR")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES_DIR is not set: start the server with .ci/postgres start."), "data");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CHECKPOINT; SELECT oid FROM pg_database WHERE datname = current_database()", connection);
        var oid = (uint)(await command.ExecuteScalarAsync())!;
        return [.. Directory.GetFiles(Path.Combine(data, "base", oid.ToString())), .. Directory.GetFiles(Path.Combine(data, "pg_wal"))];
    }

    /// <summary>One of <see cref="StorageFilesAsync"/>, read while the database still has it open.</summary>
    public static async Task<byte[]> ReadStorageFileAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_databaseName is null || Server is not { } server)
            return;
        using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
