using Microsoft.Extensions.Options;
using Platform.Host.LocalServices;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Settings;

/// <summary>A wrong setting stops the host before it starts, and says which setting, what it was given and what it must be.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Jobs:Lease", "0", "must be more than 0")]
    [InlineData("Jobs:Workers", "-1", "must be more than 0")]
    [InlineData("Jobs:Lease", "soon", "must be a time span")]
    [InlineData("Jobs:Workers", "many", "must be a whole number")]
    [InlineData("Jobs:ReservedWorkers", "20", "must be 0 or more and fewer than Jobs:Workers")]
    [InlineData("Jobs:RetryMaxDelay", "00:00:01", "must be at least Jobs:RetryDelay (00:00:02)")]
    [InlineData("Jobs:Types:training:Timeout", "-00:00:01", "must be more than 0")]
    [InlineData("Jobs:Plans:pro:MaxQueuedPerUser", "-5", "must be 0 or more")]
    [InlineData("Jobs:Reports:MaxOutputBytes", "0", "must be more than 0")]
    [InlineData("Jobs:Reports:MaxMetricPoints", "1", "must be more than 1: a series keeps its first and its last point")]
    [InlineData("Jobs:MaxMetricAggregatePeriod", "00:00:00", "must be more than 0")]
    [InlineData("Jobs:InputSchemas:PatternTimeout", "00:00:00", "must be more than 0")]
    [InlineData("Webhooks:MaxInFlightPerOwner", "9", "must be from 1 to Webhooks:Concurrency")]
    [InlineData("Files:UploadExpiry", "-1.00:00:00", "must be more than 0")]
    [InlineData("Storage:Kind", "Ftp", "must be one of Local, S3")]
    [InlineData("Cors:Origins:0", "app.example.com", "must be an origin: an absolute http or https address")]
    [InlineData("Management:Urls", "http://127.0.0.1", "must be plain http:// addresses with a port")]
    [InlineData("RateLimits:Plans:pro:PermitsPerMinute", "0", "must be more than 0")]
    [InlineData("RateLimits:Auth:WindowSeconds", "0", "must be more than 0")]
    [InlineData("Limits:MaxRequestBodyBytes", "0", "must be more than 0")]
    [InlineData("Limits:MaxStreamsPerUser", "-1", "must be more than 0")]
    [InlineData("Platform:DataPath", " ", "must be given, not empty")]
    [InlineData("Storage:Path", "", "must be given, not empty")]
    [InlineData("Accounts:RefreshTokenLifetime", "00:10:00", "must be more than Accounts:AccessTokenLifetime (00:15:00)")]
    [InlineData("Hubs:PresenceExpiry", "00:00:05", "must be more than Hubs:PresenceHeartbeat (00:00:10)")]
    [InlineData("Rooms:MaxMembersPerRoom", "1", "must be more than 1")]
    [InlineData("Hosts:GoneAfter", "00:00:06", "must be at least two Hosts:BeatInterval")]
    [InlineData("Links:MaxLifetime", "00:00:00", "must be at least 00:00:01")]
    [InlineData("Workers:ForgetInterval", "0", "must be more than 0")]
    [InlineData("Redis:Prefix", "", "must be given, not empty")]
    [InlineData("Mail:Port", "0", "must be from 1 to 65535")]
    [InlineData("Mail:From", "platform at example", "must be one address")]
    [InlineData("Mail:PublicUrl", "platform.example.com", "must be an absolute http(s) address")]
    [InlineData("Mail:Security", "Tls", "must be one of None, StartTls, SslOnConnect, Auto")]
    public void A_wrong_setting_stops_the_start_naming_the_key_the_value_and_the_rule(string key, string value, string rule)
    {
        var start = () => HostRegistration.Check(new Dictionary<string, string?> { [key] = value });

        start.Should().Throw<OptionsValidationException>().WithMessage($"*{key} '{value}' {rule}*");
    }

    [Theory]
    [InlineData("Accounts:SigningKey", "c2hvcnQ=", "must be base64 of at least 32 bytes")]
    [InlineData("Storage:S3:SecretKey", "s3cr3t-without-its-access-key", "must be given together with Storage:S3:AccessKey")]
    [InlineData("Mail:Password", "s3cr3t-without-its-user-name", "must be given only with Mail:UserName")]
    public void A_wrong_secret_stops_the_start_without_telling_it(string key, string value, string rule)
    {
        var start = () => HostRegistration.Check(new Dictionary<string, string?> { [key] = value, ["Storage:Kind"] = "S3" });

        var refusal = start.Should().Throw<OptionsValidationException>().Which;
        refusal.Message.Should().Contain($"{key} (not shown) {rule}").And.NotContain(value);
    }

    [Fact]
    public void A_mail_server_without_the_public_address_its_links_name_stops_the_start()
    {
        var start = () => HostRegistration.Check(new Dictionary<string, string?> { ["Mail:Host"] = "smtp.example.com" });

        start.Should().Throw<OptionsValidationException>().WithMessage("*Mail:PublicUrl (not set) must be given when Mail:Host is*");
    }

    [Fact]
    public void The_defaults_and_the_documented_forms_of_values_start()
    {
        var start = () => HostRegistration.Check(new Dictionary<string, string?>
        {
            ["Jobs:Lease"] = "00:00:45",
            ["Jobs:Types:training:Timeout"] = "02:00:00",
            ["Cors:Origins:0"] = "https://app.example.com",
            ["Management:Urls"] = "http://+:9464",
            ["RateLimits:Plans:pro:PermitsPerMinute"] = "6000",
            ["Storage:Kind"] = "s3",
            ["Storage:S3:ServiceUrl"] = "http://minio:9000",
        });

        start.Should().NotThrow();
    }

    [Fact]
    public async Task A_host_process_given_a_wrong_setting_exits_naming_it()
    {
        var start = () => HostProcess.StartAsync(FreePort.Pick(), new Dictionary<string, string>
        {
            // Given, so no local server is started; never reached, as the host stops before it connects.
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["ConnectionStrings:Redis"] = "127.0.0.1:1",
            ["Accounts:SigningKey"] = PlatformApplication.TestSigningKey,
            ["Platform:DataPath"] = Path.Combine(Path.GetTempPath(), "platform-settings-data"),
            ["Jobs:Lease"] = "0",
        });

        var exited = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        exited.Message.Should().Contain("exited").And.Contain("Jobs:Lease '0' must be more than 0.");
    }
}
