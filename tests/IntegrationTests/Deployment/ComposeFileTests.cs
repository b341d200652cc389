using System.Text.RegularExpressions;
using Platform.Host.Defaults;
using Platform.Host.Files;
using Platform.Jobs;
using Platform.Storage.Files;

namespace Platform.IntegrationTests.Deployment;

/// <summary>compose.yaml cannot be run here (no container engine), so these read it and hold it to what the host does.</summary>
public sealed partial class ComposeFileTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    private readonly NginxConfig _nginx = NginxConfig.Load();

    [Fact]
    public void There_are_two_hosts_behind_a_load_balancer_over_postgres_redis_and_minio()
    {
        _compose.Hosts.Should().HaveCount(2);
        _compose.ServiceNames.Should().Contain(["postgres", "redis", "minio", "lb"]);
        foreach (var host in _compose.Hosts)
            ComposeFile.Scalar(ComposeFile.Mapping(_compose.Service(host), "build")!, "dockerfile").Should().Be("src/Host/Dockerfile");
    }

    [Fact]
    public void Every_setting_given_to_a_host_is_one_the_host_reads()
    {
        foreach (var host in _compose.Hosts)
            foreach (var (variable, value) in _compose.Environment(host))
                HostSettings.Reads(ConfigurationKeyOf(variable), value).Should().BeTrue(
                    $"{host} is given {variable}={value}, so the host must read {ConfigurationKeyOf(variable)} (and accept the value)");
    }

    [Fact]
    public void Settings_are_told_apart_from_keys_the_host_does_not_read()
    {
        HostSettings.Reads("Storage:Path", "/data/artifacts").Should().BeTrue();
        HostSettings.Reads("Storage:Kind", "S3").Should().BeTrue();
        HostSettings.Reads("Storage:S3:ServiceUrl", "http://minio:9000").Should().BeTrue();
        HostSettings.Reads("Storage:Kind", "Ftp").Should().BeFalse("no such kind of store");
        HostSettings.Reads("Storage:S3:Endpoint", "http://minio:9000").Should().BeFalse();
        HostSettings.Reads("Accounts:PasswordHashing:MemoryKib", "19456").Should().BeTrue();
        HostSettings.Reads("Hubs:PresenceExpiry", "00:00:30").Should().BeTrue();
        HostSettings.Reads("Hubs:MaxRoomsPerConnection", "20").Should().BeTrue("one section may be bound to more than one options class");
        HostSettings.Reads("Jobs:Workers", "many").Should().BeFalse("the value must suit the property");
        HostSettings.Reads("Jobs:ArtifactPath", "/data/artifacts").Should().BeFalse("no such property");
        HostSettings.Reads("ConnectionStrings:Postgresql", "Host=db").Should().BeFalse();
        HostSettings.Reads("Storage:Folder", "/data").Should().BeFalse();
    }

    [Fact]
    public void The_settings_read_one_by_one_are_still_read_by_the_host_code()
    {
        var code = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));

        foreach (var (key, readBy) in HostSettings.SingleKeys)
            code.Should().Contain(readBy, $"the host reads {key} so");
    }

    [Fact]
    public void The_hosts_are_configured_alike_with_one_signing_key_and_one_bucket_on_minio()
    {
        var (first, second) = (_compose.Hosts[0], _compose.Hosts[1]);
        var environment = _compose.Environment(first);
        var minio = _compose.Environment("minio");

        _compose.Environment(second).Should().Equal(environment);
        environment.Should().ContainKeys("ConnectionStrings__Postgres", "ConnectionStrings__Redis", "Accounts__SigningKey", "Urls");
        environment["Accounts__SigningKey"].Should().NotBeNullOrWhiteSpace();
        environment.Should().Contain("Storage__Kind", "S3").And.NotContainKey("Storage__Path");
        var serviceUrl = new Uri(environment["Storage__S3__ServiceUrl"]);
        (serviceUrl.Scheme, serviceUrl.Host, serviceUrl.Port).Should().Be(("http", "minio", 9000), "MinIO serves S3 on port 9000");
        environment["Storage__S3__Bucket"].Should().NotBeNullOrWhiteSpace();
        environment["Storage__S3__AccessKey"].Should().Be(minio["MINIO_ROOT_USER"], "the hosts sign with MinIO's keys");
        environment["Storage__S3__SecretKey"].Should().Be(minio["MINIO_ROOT_PASSWORD"]);
        _compose.Strings("minio", "command").Should().Equal("server", "/data");
        _compose.Strings("minio", "volumes").Should().ContainSingle(v => v.EndsWith(":/data", StringComparison.Ordinal));
        _compose.Strings("postgres", "volumes").Should().ContainSingle(v => v.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
        foreach (var host in _compose.Hosts)
            _compose.Strings(host, "volumes").Should().BeEmpty($"{host} keeps its objects in MinIO, nothing on a disk of its own");
        _compose.Volumes.Should().BeEquivalentTo(
            new[] { "postgres", "minio" }.Select(service => _compose.Strings(service, "volumes").Single().Split(':')[0]), "every named volume is in use");
    }

    [Fact]
    public void The_load_balancer_forwards_to_the_port_the_hosts_listen_on_and_keeps_websockets_and_clients_on_one_host()
    {
        var nginx = _nginx.Text;
        var upstream = UpstreamServer().Matches(nginx).Select(m => (Host: m.Groups["host"].Value, Port: int.Parse(m.Groups["port"].Value))).ToList();

        upstream.Select(u => u.Host).Should().BeEquivalentTo(_compose.Hosts);
        foreach (var (host, port) in upstream)
            ListenPort().Match(_compose.Environment(host)["Urls"]).Groups["port"].Value.Should().Be(port.ToString(), $"{host} listens where nginx sends");
        var published = _compose.Strings("lb", "ports").Should().ContainSingle().Subject.Split(':');
        Listen().Match(nginx).Groups["port"].Value.Should().Be(published[^1], "the published port reaches nginx");
        _compose.Strings("lb", "volumes").Should().Contain(v => v.StartsWith("./deploy/nginx.conf:", StringComparison.Ordinal));

        nginx.Should().Contain("ip_hash;", "SignalR's negotiate and connect requests must reach the same host");
        nginx.Should().Contain("proxy_http_version 1.1;");
        nginx.Should().Contain("proxy_set_header Upgrade $http_upgrade;");
        nginx.Should().Contain("proxy_set_header Connection $connection_upgrade;");
        var metrics = System.Text.RegularExpressions.Regex.Match(nginx, @"location ~\* (?<pattern>\S+) \{\s*return 404;");
        metrics.Success.Should().BeTrue("metrics stay on the internal network");
        var refused = new System.Text.RegularExpressions.Regex(metrics.Groups["pattern"].Value, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        foreach (var path in new[] { "/metrics", "/METRICS", "/Metrics/", "/metrics/anything" })
            refused.IsMatch(path).Should().BeTrue($"{path} reaches the hosts' metrics endpoint, whose route ignores case and a trailing slash");
        refused.IsMatch("/api/v1/jobs").Should().BeFalse();
    }

    [Fact]
    public void The_load_balancer_passes_on_the_uploads_the_hosts_accept_and_keeps_every_other_body_small()
    {
        var (files, jobs) = (new FilesOptions(), new JobsOptions());
        var id = Guid.NewGuid();
        var uploads = new Dictionary<string, long>
        {
            ["/api/v1/files"] = files.MaxFileBytes + FilesApi.MultipartAllowance,
            ["/api/v1/Files/"] = files.MaxFileBytes + FilesApi.MultipartAllowance,
            ["/api/v1/uploads"] = new LimitsOptions().MaxRequestBodyBytes,
            [$"/api/v1/uploads/{id}"] = files.MaxChunkBytes,
            [$"/api/v1/worker/jobs/{id}/artifacts/model.bin"] = jobs.MaxArtifactBytes,
        };
        const long small = 8L << 20;

        foreach (var (path, hostAccepts) in uploads)
        {
            _nginx.MaxBodyBytes(path).Should().BeGreaterThanOrEqualTo(hostAccepts, $"the hosts take bodies of {hostAccepts} bytes at {path}");
            _nginx.LocationFor(path).Should().Contain("proxy_pass http://platform_hosts;", path);
        }
        foreach (var path in new[] { "/api/v1/jobs", $"/api/v1/files/{id}/links", $"/api/v1/worker/jobs/{id}/succeed", "/api/v1/auth/login", "/api/v1/rooms" })
            _nginx.MaxBodyBytes(path).Should().BeLessThanOrEqualTo(small, $"{path} takes no file");
        var mounted = _compose.Strings("lb", "volumes").Select(v => v.Split(':')).ToDictionary(v => v[1], v => v[0]);
        foreach (var include in _nginx.Includes)
        {
            mounted.Should().ContainKey(include, "nginx reads what it includes from the container");
            File.Exists(Path.Combine(Repository.Root, mounted[include])).Should().BeTrue(include);
        }
    }

    [Fact]
    public void Prometheus_scrapes_each_hosts_management_port_which_nothing_publishes()
    {
        var prometheus = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "prometheus.yml"))))
            prometheus.Load(reader);
        var scrape = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)
            ((YamlDotNet.RepresentationModel.YamlMappingNode)prometheus.Documents.Single().RootNode)["scrape_configs"]).Children.Single();
        var targets = ((YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)
            ((YamlDotNet.RepresentationModel.YamlSequenceNode)scrape["static_configs"]).Children.Single())["targets"]).Children.Select(t => t.ToString());

        targets.Should().BeEquivalentTo(_compose.Hosts.Select(host => $"{host}:{ListenPort().Match(_compose.Environment(host)["Management__Urls"]).Groups["port"].Value}"));
        ComposeFile.Scalar(scrape, "metrics_path").Should().Be("/metrics");
        _compose.Strings("prometheus", "volumes").Should().Contain("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        foreach (var host in _compose.Hosts)
            _compose.Strings(host, "ports").Should().BeEmpty($"{host} is reached through lb alone, its metrics by prometheus alone");
        _compose.Strings("prometheus", "ports").Should().AllSatisfy(port => port.Should().StartWith("127.0.0.1:"), "only the operator on the Docker host sees it");
    }

    [Fact]
    public void Every_service_has_a_health_check_and_waits_for_what_it_needs_to_be_healthy()
    {
        _compose.HealthCheck("postgres").Should().Contain("pg_isready");
        _compose.HealthCheck("redis").Should().Contain("redis-cli ping");
        _compose.HealthCheck("minio").Should().Be("CMD mc ready local");
        _compose.HealthCheck("lb").Should().NotBeNull();
        foreach (var host in _compose.Hosts)
        {
            _compose.HealthCheck(host).Should().Contain("/health/ready");
            _compose.DependsOn(host).Should().Contain("postgres", "service_healthy").And.Contain("redis", "service_healthy")
                .And.Contain("minio", "service_healthy");
        }
        _compose.DependsOn(_compose.Hosts[1]).Should().Contain(_compose.Hosts[0], "service_healthy", "one host at a time creates the schema");
        _compose.DependsOn("lb").Should().BeEquivalentTo(_compose.Hosts.ToDictionary(h => h, _ => "service_healthy"));
    }

    [Fact]
    public void The_image_is_built_with_the_local_package_feed()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Repository.Root, "src", "Host", "Dockerfile"));
        var restore = Array.FindIndex(dockerfile, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));

        restore.Should().BePositive();
        dockerfile[..restore].Should().Contain(line => line.StartsWith("COPY", StringComparison.Ordinal) && line.Contains("nuget.config"));
        dockerfile[..restore].Should().Contain(line => line.StartsWith("COPY packaging/local-feed/", StringComparison.Ordinal));
        dockerfile.Should().Contain(line => line.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && line.Contains("Platform.Host.dll"));
    }

    // Environment variables become configuration keys as the host's environment provider makes them: the ASPNETCORE_
    // prefix is dropped (those are the web host's own settings) and "__" separates sections.
    private static string ConfigurationKeyOf(string variable) =>
        (variable.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ? variable["ASPNETCORE_".Length..] : variable).Replace("__", ":");

    [GeneratedRegex(@"^\s*server\s+(?<host>[\w.-]+):(?<port>\d+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^\s*listen\s+(?<port>\d+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Listen();

    [GeneratedRegex(@":(?<port>\d+)/?$")]
    private static partial Regex ListenPort();
}
