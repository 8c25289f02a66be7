using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Internals;

/// <summary>Small helpers that keep SQL call sites short.</summary>
internal static class SqliteExtensions
{
    public static SqliteCommand Sql(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long ToTicks(this DateTimeOffset time) => time.UtcTicks;

    public static long? ToTicks(this DateTimeOffset? time) => time?.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) => FromTicks(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromTicks(reader.GetInt64(ordinal));

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
