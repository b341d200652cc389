using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class HubTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Subscribing_to_an_unknown_job_is_refused_with_a_clear_error()
    {
        var client = await platform.Application.CreatePlatformClientAsync();

        var subscribe = () => client.SubscribeAsync(Guid.NewGuid(), _ => Task.CompletedTask);

        (await subscribe.Should().ThrowAsync<HubException>()).WithMessage("*was not found*");
    }

    [Fact]
    public async Task Subscribing_from_a_negative_version_is_refused()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(platform.Application.ClientOptions.BaseAddress, "hubs/jobs"), options => options.Headers[ApiKeyHeader.Name] = apiKey)
            .Build();
        await connection.StartAsync();

        var subscribe = () => connection.InvokeAsync("SubscribeJob", Guid.NewGuid(), -1L);

        (await subscribe.Should().ThrowAsync<HubException>()).WithMessage("*afterVersion*");
    }
}
