using Npgsql;
using StackExchange.Redis;

namespace Platform.IntegrationTests.Infrastructure;

public sealed class TestServersTests
{
    [Fact]
    public async Task Each_database_is_private_to_its_creator()
    {
        var servers = await TestServers.Instance();
        var mine = await servers.CreateDatabaseAsync("Private-Check");
        var theirs = await servers.CreateDatabaseAsync("Private-Check");

        await ScalarAsync(mine, "CREATE TABLE marker (id int); SELECT 1");

        mine.Should().NotBe(theirs);
        (await ScalarAsync(mine, "SELECT to_regclass('marker') IS NOT NULL")).Should().Be(true);
        (await ScalarAsync(theirs, "SELECT to_regclass('marker') IS NOT NULL")).Should().Be(false);
        (await ScalarAsync(mine, "SELECT current_database()") as string).Should().MatchRegex("^private_check_[0-9a-f]{12}$");
    }

    [Fact]
    public async Task Redis_answers_and_keeps_what_it_is_given()
    {
        var servers = await TestServers.Instance();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var database = redis.GetDatabase();
        var key = $"test-servers:{Guid.NewGuid():N}";

        await database.StringSetAsync(key, "kept", TimeSpan.FromMinutes(1));

        (await database.StringGetAsync(key)).ToString().Should().Be("kept");
        await database.KeyDeleteAsync(key);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
