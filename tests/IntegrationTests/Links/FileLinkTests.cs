using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Links;

/// <summary>Links to uploaded files: the same links as artifacts have, revoked when the file is deleted.</summary>
public sealed class FileLinkTests(LinksFixture links) : IClassFixture<LinksFixture>
{
    private static readonly byte[] Csv = "x,y\n1,2\n"u8.ToArray();

    // Nothing of the caller's goes with these requests.
    private readonly HttpClient _anyone = new();

    [Fact]
    public async Task A_file_link_downloads_without_credentials_until_the_file_is_deleted()
    {
        var owner = await links.Application.CreateUserAsync();
        var file = await owner.Client.UploadFileAsync(new MemoryStream(Csv), "points.csv", "text/csv");

        var link = await owner.Client.CreateFileLinkAsync(file.Id, TimeSpan.FromMinutes(5));

        using (var response = await _anyone.GetAsync(link.Url))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Csv);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
            response.Content.Headers.ContentDisposition!.FileName.Should().Be("points.csv");
        }
        await owner.Client.DeleteFileAsync(file.Id);
        using var revoked = await _anyone.GetAsync(link.Url);
        revoked.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("link_revoked");
    }

    [Fact]
    public async Task A_once_only_file_link_works_once_and_another_users_file_gets_no_link()
    {
        var owner = await links.Application.CreateUserAsync();
        var stranger = await links.Application.CreateUserAsync();
        var file = await owner.Client.UploadFileAsync(new MemoryStream(Csv), "points.csv", "text/csv");

        var link = await owner.Client.CreateFileLinkAsync(file.Id, once: true);

        (await _anyone.GetAsync(link.Url)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _anyone.GetAsync(link.Url)).StatusCode.Should().Be(HttpStatusCode.Gone);
        var refused = await Record.ExceptionAsync(() => stranger.Client.CreateFileLinkAsync(file.Id));
        refused.Should().BeOfType<Platform.Client.PlatformApiException>().Which.Status.Should().Be(HttpStatusCode.NotFound);
    }
}
