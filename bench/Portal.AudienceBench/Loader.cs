using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

/// <summary>Writes generated rows straight into one table: prepared inserts in large transactions on SQLite, binary
/// COPY on PostgreSQL. Values come in the product's storage form for each provider.</summary>
internal abstract class Loader : IAsyncDisposable
{
    public static async Task<Loader> OpenAsync(bool postgres, string connectionString, string table, (string Name, NpgsqlDbType Type)[] columns) =>
        postgres ? await CopyLoader.OpenAsync(connectionString, table, columns) : await SqliteLoader.OpenAsync(connectionString, table, columns);

    public abstract Task WriteAsync(params object?[] values);

    public abstract ValueTask DisposeAsync();

    private sealed class CopyLoader(NpgsqlConnection connection, NpgsqlBinaryImporter importer, NpgsqlDbType[] types) : Loader
    {
        public static async Task<Loader> OpenAsync(string connectionString, string table, (string Name, NpgsqlDbType Type)[] columns)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var importer = await connection.BeginBinaryImportAsync(
                $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)");
            return new CopyLoader(connection, importer, [.. columns.Select(c => c.Type)]);
        }

        public override async Task WriteAsync(params object?[] values)
        {
            await importer.StartRowAsync();
            for (var i = 0; i < values.Length; i++)
                if (values[i] is null) await importer.WriteNullAsync();
                else await importer.WriteAsync(values[i], types[i]);
        }

        public override async ValueTask DisposeAsync()
        {
            await importer.CompleteAsync();
            await importer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed class SqliteLoader(SqliteConnection connection, SqliteCommand insert) : Loader
    {
        private const int Batch = 50_000;
        private DbTransaction? _transaction;
        private int _rows;

        public static async Task<Loader> OpenAsync(string connectionString, string table, (string Name, NpgsqlDbType Type)[] columns)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < columns.Length; i++) insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
            return new SqliteLoader(connection, insert);
        }

        public override async Task WriteAsync(params object?[] values)
        {
            if (_transaction is null)
            {
                _transaction = await connection.BeginTransactionAsync();
                insert.Transaction = (SqliteTransaction)_transaction;
                insert.Prepare();
            }
            for (var i = 0; i < values.Length; i++)
                insert.Parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    // EF Core keeps Guids as upper-case text and timestamps as ISO text on SQLite.
                    Guid id => id.ToString().ToUpperInvariant(),
                    DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"),
                    var other => other,
                };
            await insert.ExecuteNonQueryAsync();
            if (++_rows % Batch == 0)
            {
                await _transaction.CommitAsync();
                _transaction = null;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_transaction is not null) await _transaction.CommitAsync();
            await insert.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
