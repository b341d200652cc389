using Npgsql;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Rooms;

/// <summary>Two hosts that both delete expired messages every 200 ms, two at a time.</summary>
public sealed class RoomRetentionFixture() : PlatformFixture("room-retention", Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Rooms:RetentionInterval"] = "00:00:00.200",
        ["Rooms:RetentionBatchSize"] = "2",
    };

    private PlatformApplication? _second;

    public PlatformApplication Second => _second ?? throw new InvalidOperationException("The hosts have not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _second = Application.StartSibling(Settings);
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null)
            await _second.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class RoomRetentionTests(RoomRetentionFixture hosts) : IClassFixture<RoomRetentionFixture>
{
    [Fact]
    public async Task Messages_older_than_their_rooms_retention_are_deleted_and_numbers_and_history_pages_carry_on()
    {
        var owner = await hosts.Application.CreateUserAsync();
        var kept = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"kept {Guid.NewGuid():N}", RetentionDays: 1));
        var forever = await owner.Client.CreateRoomAsync(new CreateRoomRequest($"forever {Guid.NewGuid():N}"));
        for (var i = 1; i <= 7; i++)
        {
            await owner.Client.PostRoomMessageAsync(kept.Id, $"kept {i}");
            await owner.Client.PostRoomMessageAsync(forever.Id, $"forever {i}");
        }

        // Five of the first room's messages and all of the other's two days old: beyond one day, and beyond no retention at all.
        await AgeAsync(kept.Id, throughSeq: 5);
        await AgeAsync(forever.Id, throughSeq: 7);

        await Eventually.HoldsAsync(async () => (await owner.Client.ListRoomMessagesAsync(kept.Id)).Messages.Count == 2,
            "the expired messages were deleted, two at a time");
        var newest = await owner.Client.ListRoomMessagesAsync(kept.Id);
        newest.Messages.Select(m => (m.Seq, m.Text)).Should().Equal((6, "kept 6"), (7, "kept 7"));
        newest.Before.Should().BeNull("nothing older is kept");
        (await owner.Client.PostRoomMessageAsync(kept.Id, "kept 8")).Seq.Should().Be(8, "numbers of deleted messages are not given again");
        (await owner.Client.ListRoomMessagesAsync(forever.Id)).Messages.Should().HaveCount(7, "a room without retention keeps its messages for ever");

        // Paging back one at a time ends at the oldest message kept.
        var seen = new List<long>();
        var page = await owner.Client.ListRoomMessagesAsync(kept.Id, limit: 1);
        seen.AddRange(page.Messages.Select(m => m.Seq));
        while (page.Before is { } before && seen.Count < 10)
        {
            page = await owner.Client.ListRoomMessagesAsync(kept.Id, before: before, limit: 1);
            seen.AddRange(page.Messages.Select(m => m.Seq));
        }
        seen.Should().Equal(8, 7, 6);
        page.Before.Should().BeNull();
        var fromStart = await owner.Client.ListRoomMessagesAsync(kept.Id, after: 0, limit: 5);
        fromStart.Messages.Select(m => m.Seq).Should().Equal(6, 7, 8);
        fromStart.After.Should().BeNull();
    }

    private async Task AgeAsync(Guid roomId, long throughSeq)
    {
        await using var command = hosts.Application.Service<NpgsqlDataSource>().CreateCommand(
            "update platform.room_messages set sent_at = now() - interval '2 days' where room_id = $1 and seq <= $2");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(throughSeq);
        await command.ExecuteNonQueryAsync();
    }
}
