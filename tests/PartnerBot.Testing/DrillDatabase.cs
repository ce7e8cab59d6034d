using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PartnerBot.Testing;

/// <summary>
/// The database a <see cref="HostProcess"/> runs on (a SQLite file, or a PostgreSQL database: see
/// <see cref="TestStorage"/>), read from outside the host (as an operator would) while the host writes it or after it
/// was killed: counts, and what is left in the inbox when a drill fails. SQL given here must quote its identifiers
/// ("Outbox", "DeliveredAt"), as PostgreSQL folds unquoted ones to lower case.
/// </summary>
public sealed class DrillDatabase : IDisposable
{
    public string Path { get; } = TestHost.NewDatabasePath();

    public Task<long> CountAsync(string sql) => WithCommandAsync(async command =>
    {
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>Runs one statement with named parameters (@name).</summary>
    public Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters) => WithCommandAsync(async command =>
    {
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return await command.ExecuteNonQueryAsync();
    });

    /// <summary>Every inbox row, one a line: delivery id, state, attempts, replies sent, lease holder, last error.</summary>
    public Task<string> DescribeInboxAsync() => DescribeAsync("inbox (delivery | state | attempts | replies sent | locked by | last error)",
        """SELECT "DeliveryId", "State", "Attempts", "RepliesSent", "LockedBy", "LastError" FROM "Inbox" ORDER BY "Id" """);

    /// <summary>Every outbox row, one a line: id, recipient, attempts, where it went, lease holder, last error.</summary>
    public Task<string> DescribeOutboxAsync() => DescribeAsync("outbox (id | recipient | attempts | delivered via | locked by | last error)",
        """SELECT "Id", "RecipientPersonId", "Attempts", "DeliveredVia", "LockedBy", "LastError" FROM "Outbox" ORDER BY "Id" """);

    /// <summary>A table's rows for a drill's failure message: a title line, then one row a line, columns between bars.</summary>
    private Task<string> DescribeAsync(string title, string sql) => WithCommandAsync(async command =>
    {
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new StringBuilder(title + ":\n");
        while (await reader.ReadAsync())
            rows.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : reader.GetValue(i).ToString())));
        return rows.ToString();
    });

    private async Task<T> WithCommandAsync<T>(Func<DbCommand, Task<T>> work)
    {
        await using DbConnection connection = TestStorage.OnPostgreSql
            ? new NpgsqlConnection(TestStorage.ConnectionString(Path))
            : new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (connection is SqliteConnection)
        {
            // A statement of its own: PRAGMA busy_timeout answers with a row, which ExecuteScalar would take for the count.
            command.CommandText = "PRAGMA busy_timeout=10000;";
            await command.ExecuteNonQueryAsync();
        }
        return await work(command);
    }

    public void Dispose()
    {
        if (TestStorage.OnPostgreSql)
        {
            TestStorage.TryDrop(Path);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { Path, Path + "-wal", Path + "-shm", Path + ".start-lock" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
