using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Files;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C clients upload files of a few sizes, then download them, in turns: to the platform (<c>POST /api/v1/files</c> with
/// the raw bytes, <c>GET /api/v1/files/{id}/content</c>, with an API key), to a plain static file server over the same
/// loopback (<see cref="BareFileHost"/>), and straight to and from a folder in this process, the disk's ceiling. Each
/// size is measured apart: every contender uploads for a turn, then every contender downloads what it stored, three
/// times, the order reversed every other turn so a machine busy with something else slows them alike. Every download is
/// hashed and checked against what was sent, and every size and SHA-256 the platform answers too: a wrong byte fails
/// the run rather than counting.
/// </summary>
public static class FilesScenario
{
    public const string Name = "files";
    public const string BareName = "files-baseline";
    public const string DiskName = "files-disk";
    public const int Turns = 3;

    /// <summary>64 KiB, 4 MiB and 64 MiB unless told otherwise.</summary>
    public static IReadOnlyList<long> DefaultSizes { get; } = [64L << 10, 4L << 20, 64L << 20];

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run)
    {
        var clients = run.Options.Clients ?? 8;
        var turn = TimeSpan.FromSeconds((run.Options.Seconds ?? 6.0) / Turns);
        var payloads = (run.Options.Sizes ?? DefaultSizes).Distinct().Order().Select(Payload.Of).ToList();
        var folder = Directory.CreateTempSubdirectory("platform-load-files-").FullName;
        try
        {
            await using var deployment = await run.DeployAsync(Name, HostRole.AcceptOnly);
            await using var bareHost = await BareFileHost.StartAsync(Path.Combine(folder, "bare"));
            FileContender[] contenders = [PlatformFiles(deployment), BareFiles(bareHost), DiskFiles(Directory.CreateDirectory(Path.Combine(folder, "disk")).FullName)];

            Func<string> status = () => "warming up";
            await using (new ProgressLine(Name, () => status()))
            {
                // A host just started runs code the JIT has not optimized yet; the many small requests show it most.
                foreach (var contender in contenders)
                {
                    await contender.MeasureAsync(payloads[0], Direction.Upload, clients, turn, new Phase());
                    await contender.MeasureAsync(payloads[0], Direction.Download, clients, turn, new Phase());
                    await contender.DeleteStoredAsync(clients);
                }
                foreach (var payload in payloads)
                {
                    for (var i = 1; i <= Turns; i++)
                    {
                        var order = i % 2 == 1 ? contenders : [.. contenders.AsEnumerable().Reverse()];
                        foreach (var direction in (Direction[])[Direction.Upload, Direction.Download])
                            foreach (var contender in order)
                            {
                                var phase = contender.PhaseOf(payload, direction);
                                var line = $"{payload.Label} turn {i}/{Turns}: {contender.Name} {direction.ToString().ToLowerInvariant()}s";
                                status = () => $"{line}, {phase.Latencies.Count} done";
                                await contender.MeasureAsync(payload, direction, clients, turn, phase);
                            }
                    }
                    foreach (var contender in contenders)
                        await contender.DeleteStoredAsync(clients);
                }
            }
            return [.. contenders.Select(contender => new ScenarioResult(contender.Name, contender.Figures(payloads, clients)))
                .Select(result => result.Name == DiskName ? WithHashRate(result, payloads[^1]) : result)];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static FileContender PlatformFiles(Deployment deployment)
    {
        var http = LoadRun.Http(deployment.Urls[0]);
        http.DefaultRequestHeaders.Add(ApiKeyHeader.Name, deployment.ApiKey);
        return new FileContender(Name, deployment.Processes.FirstOrDefault(),
            put: async (name, payload) =>
            {
                using var content = payload.Content();
                using var response = await http.PostAsync($"api/v1/files?name={name}", content);
                await SucceededAsync(response);
                var file = (await response.Content.ReadFromJsonAsync<UserFile>(PlatformJson.Options))!;
                if (file.Size != payload.Length || file.Sha256 != payload.Sha256)
                    throw new InvalidDataException($"The platform stored {name} as {file.Size} bytes with SHA-256 {file.Sha256}; {payload.Length} bytes with {payload.Sha256} were sent.");
                return file.Id.ToString();
            },
            get: (id, payload) => ReadCheckedAsync(http, $"api/v1/files/{id}/content", payload),
            delete: async id => await SucceededAsync(await http.DeleteAsync($"api/v1/files/{id}")));
    }

    private static FileContender BareFiles(HostProcess host)
    {
        var http = LoadRun.Http(host.Url);
        return new FileContender(BareName, host,
            put: async (name, payload) =>
            {
                using var content = payload.Content();
                using var response = await http.PutAsync($"files/{name}", content);
                await SucceededAsync(response);
                var written = long.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (written != payload.Length)
                    throw new InvalidDataException($"The bare server wrote {written} bytes of {name}; {payload.Length} were sent.");
                return name;
            },
            get: (name, payload) => ReadCheckedAsync(http, $"files/{name}", payload),
            delete: async name => await SucceededAsync(await http.DeleteAsync($"files/{name}")));
    }

    // A copy from memory to a file and back, as the hosts' own copies are made (80 KiB at a time), without HTTP or hashing.
    private static FileContender DiskFiles(string folder) => new(DiskName, null,
        put: async (name, payload) =>
        {
            var path = Path.Combine(folder, name);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await new MemoryStream(payload.Bytes, writable: false).CopyToAsync(file);
            return path;
        },
        get: async (path, payload) =>
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await file.CopyToAsync(Stream.Null);
            if (file.Length != payload.Length)
                throw new InvalidDataException($"{path} holds {file.Length} bytes; {payload.Length} were written.");
        },
        delete: path =>
        {
            File.Delete(path);
            return Task.CompletedTask;
        });

    private static async Task ReadCheckedAsync(HttpClient http, string path, Payload payload)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await SucceededAsync(response);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long length = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (length != payload.Length || sha256 != payload.Sha256)
            throw new InvalidDataException($"GET {path} gave {length} bytes with SHA-256 {sha256}; {payload.Length} bytes with {payload.Sha256} were uploaded.");
    }

    private static async Task SucceededAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered " +
                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
    }

    // What hashing costs, the work the platform adds to every byte uploaded: MB per second of this process's processor time
    // (it runs nothing else meanwhile), which a busy machine does not change as it does a wall-clock rate.
    private static ScenarioResult WithHashRate(ScenarioResult result, Payload payload)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        long hashed = 0;
        while (hashed < 256L << 20)
        {
            SHA256.HashData(payload.Bytes);
            hashed += payload.Length;
        }
        process.Refresh();
        var seconds = (process.TotalProcessorTime - before).TotalSeconds;
        return result with { Figures = new Dictionary<string, double>(result.Figures) { ["sha256MBPerCpuSecond"] = Math.Round(hashed / 1e6 / seconds, 1) } };
    }

    private enum Direction
    {
        Upload,
        Download,
    }

    /// <summary>The bytes of every file of one size (random, the same for each file), and their SHA-256.</summary>
    private sealed record Payload(byte[] Bytes, string Sha256)
    {
        public long Length => Bytes.Length;

        /// <summary>The size as figures name it: 64KiB, 4MiB, 1000B.</summary>
        public string Label => Length switch
        {
            var n when n % (1 << 30) == 0 => $"{n >> 30}GiB",
            var n when n % (1 << 20) == 0 => $"{n >> 20}MiB",
            var n when n % (1 << 10) == 0 => $"{n >> 10}KiB",
            var n => $"{n}B",
        };

        public static Payload Of(long size)
        {
            var bytes = new byte[size];
            new Random(unchecked((int)size)).NextBytes(bytes);
            return new Payload(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        public HttpContent Content() => new ReadOnlyMemoryContent(Bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
    }

    /// <summary>One size in one direction on one contender, over all its turns.</summary>
    private sealed class Phase
    {
        public Latencies Latencies { get; } = new();
        public Stopwatch Clock { get; } = new();
        public TimeSpan HostProcessorTime { get; set; }
    }

    /// <summary>Where files go: <c>put</c> stores one under a name and answers what <c>get</c> and <c>delete</c> take.</summary>
    private sealed class FileContender(string name, HostProcess? host,
        Func<string, Payload, Task<string>> put, Func<string, Payload, Task> get, Func<string, Task> delete)
    {
        private readonly Dictionary<(long Size, Direction Direction), Phase> _phases = [];
        private readonly ConcurrentQueue<string> _stored = new();
        private int _files;

        public string Name => name;

        public Phase PhaseOf(Payload payload, Direction direction) =>
            _phases.TryGetValue((payload.Length, direction), out var phase) ? phase : _phases[(payload.Length, direction)] = new Phase();

        /// <summary>C clients upload, or download what was uploaded (each a different file at a time), for <paramref name="duration"/>.</summary>
        public async Task MeasureAsync(Payload payload, Direction direction, int clients, TimeSpan duration, Phase phase)
        {
            var stored = _stored.ToArray();
            var processorTime = host?.ProcessorTime() ?? TimeSpan.Zero;
            phase.Clock.Start();
            await Callers.RunAsync(clients, duration, phase.Latencies, direction == Direction.Upload
                ? async (_, _) => _stored.Enqueue(await put($"load-{payload.Label}-{Interlocked.Increment(ref _files)}.bin", payload))
                : (caller, round) => get(stored[(caller + round * clients) % stored.Length], payload));
            phase.Clock.Stop();
            phase.HostProcessorTime += (host?.ProcessorTime() ?? TimeSpan.Zero) - processorTime;
        }

        public async Task DeleteStoredAsync(int clients)
        {
            await Parallel.ForEachAsync(_stored, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (stored, _) => await delete(stored));
            _stored.Clear();
        }

        /// <summary>Per size and direction: MB/s (10^6 bytes), request p50 and p99, requests, and the host's processor time per MB.</summary>
        public Dictionary<string, double> Figures(IReadOnlyList<Payload> payloads, int clients)
        {
            var figures = new Dictionary<string, double> { ["clients"] = clients };
            foreach (var payload in payloads)
                foreach (var direction in (Direction[])[Direction.Upload, Direction.Download])
                {
                    var phase = PhaseOf(payload, direction);
                    var prefix = $"{direction.ToString().ToLowerInvariant()}{payload.Label}";
                    var megabytes = phase.Latencies.Count * (double)payload.Length / 1e6;
                    figures[prefix + PeerRatios.MegabytesPerSecond] = Math.Round(megabytes / phase.Clock.Elapsed.TotalSeconds, 1);
                    figures[prefix + "P50Ms"] = phase.Latencies.Percentile(50);
                    figures[prefix + "P99Ms"] = phase.Latencies.Percentile(99);
                    figures[prefix + "Requests"] = phase.Latencies.Count;
                    if (host is not null)
                        figures[prefix + PeerRatios.HostCpuMsPerMegabyte] = Math.Round(phase.HostProcessorTime.TotalMilliseconds / megabytes, 2);
                }
            return figures;
        }
    }
}
