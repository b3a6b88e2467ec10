namespace Portal.Data;

/// <summary>The database servers the product runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file in the data directory: no server, one node.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql: the production server, and the one the tests run on besides SQLite.</summary>
    PostgreSql,

    /// <summary>Microsoft SQL Server.</summary>
    SqlServer,
}
