using System.Net;
using Platform.Contracts.Accounts;
using Platform.Contracts.Schedules;
using Platform.IntegrationTests.Infrastructure;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Jobs;

/// <summary>The preview a schedule form shows, on a host with the default minimum interval between firings (10 s).</summary>
public sealed class SchedulePreviewTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_preview_describes_the_cron_and_gives_its_next_five_firings_at_the_time_zones_offset()
    {
        var (reader, _) = await (await platform.Application.CreateUserAsync()).WithApiKeyAsync(Scopes.JobsRead);
        var before = DateTimeOffset.UtcNow;

        var preview = await reader.PreviewScheduleAsync(new PreviewScheduleRequest("0 30 9 ? * MON-FRI", "Europe/Paris"));

        preview.Description.Should().Be("At 09:30, Monday through Friday");
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        preview.NextFirings.Should().HaveCount(5).And.BeInAscendingOrder().And.OnlyHaveUniqueItems();
        preview.NextFirings[0].Should().BeAfter(before);
        preview.NextFirings.Should().OnlyContain(firing => firing.Offset == paris.GetUtcOffset(firing)
            && firing.TimeOfDay == new TimeSpan(9, 30, 0) && firing.DayOfWeek >= DayOfWeek.Monday && firing.DayOfWeek <= DayOfWeek.Friday);
    }

    [Fact]
    public async Task A_preview_without_a_time_zone_reads_the_cron_in_utc()
    {
        var client = await platform.Application.CreatePlatformClientAsync();

        var preview = await client.PreviewScheduleAsync(new PreviewScheduleRequest("0 */15 * * * ?"));

        preview.Description.Should().Be("Every 15 minutes");
        preview.NextFirings.Should().OnlyContain(firing => firing.Offset == TimeSpan.Zero && firing.Minute % 15 == 0 && firing.Second == 0);
        preview.NextFirings.Zip(preview.NextFirings.Skip(1), (earlier, later) => later - earlier).Should().AllBeEquivalentTo(TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("not a cron", "UTC", "cron")]
    [InlineData("*/5 * * * * ?", "UTC", "cron")]
    [InlineData("0 0 3 * * ? 2020", "UTC", "cron")]
    [InlineData("", "UTC", "cron")]
    [InlineData("0 0 3 * * ?", "Mars/Olympus_Mons", "timeZone")]
    public async Task A_preview_refuses_what_a_create_refuses_naming_the_same_field_for_the_same_reason(string cron, string timeZone, string field)
    {
        var client = await platform.Application.CreatePlatformClientAsync();

        var preview = await Refused(() => client.PreviewScheduleAsync(new PreviewScheduleRequest(cron, timeZone)));
        var create = await Refused(() => client.CreateScheduleAsync(new CreateScheduleRequest("nightly", cron, CancelJobTests.LongGeneration(steps: 2), timeZone)));

        preview.Status.Should().Be(HttpStatusCode.BadRequest);
        preview.Code.Should().Be("validation_failed");
        preview.Errors.Keys.Should().Equal(field);
        create.Errors.Keys.Should().Equal(field);
        // The moments a too frequent cron names depend on when it was checked; the reason does not.
        Reason(preview.Errors[field].Single()).Should().Be(Reason(create.Errors[field].Single()));
    }

    private static string Reason(string message) => message.Split(" (at ")[0];
}
