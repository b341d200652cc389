using System.Diagnostics;
using System.Text.RegularExpressions;
using Platform.IntegrationTests.Browser;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The Python client's own <c>unittest</c> tests (clients/python/tests), a module a run, under Debian's python3 with
/// the package on its path and the platform it tests named by environment variables.
/// </summary>
public static partial class PythonUnitTests
{
    public const string Python = "/usr/bin/python3";

    public static readonly string Folder = Path.Combine(BrowserScript.RepositoryRoot, "clients", "python");

    /// <summary>
    /// Every test of the modules (<c>test_*.py</c>) but those given, as <c>module.Class.test_name</c>: read from the
    /// files, where each test is a <c>def test_…</c> method of a top-level <c>class</c>.
    /// </summary>
    public static TheoryData<string> Tests(params string[] exceptModules) => new(TestsOf(exceptModules));

    /// <summary>The tests of <see cref="Tests"/>, in a list.</summary>
    public static IReadOnlyList<string> TestsOf(params string[] exceptModules)
    {
        var tests = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "tests"), "test_*.py").Order(StringComparer.Ordinal))
        {
            var module = Path.GetFileNameWithoutExtension(file);
            if (exceptModules.Contains(module))
                continue;
            string? testClass = null;
            foreach (var line in File.ReadLines(file))
                if (ClassLine().Match(line) is { Success: true } declared)
                    testClass = declared.Groups[1].Value;
                else if (TestLine().Match(line) is { Success: true } test && testClass is not null)
                    tests.Add($"{module}.{testClass}.{test.Groups[1].Value}");
        }
        return tests;
    }

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>What unittest's verbose report says of one test (<c>ok</c>, <c>FAIL</c>, <c>ERROR</c>, <c>skipped …</c>), or null when it has no line for it.</summary>
        public string? OutcomeOf(string test) =>
            OutcomeLine().Matches(Output).FirstOrDefault(line => line.Groups["id"].Value == test)?.Groups["outcome"].Value;

        /// <summary>The traceback unittest reported for a test that failed, or the whole report when it has none (the module did not load, say).</summary>
        public string FailureOf(string test)
        {
            var start = Output.IndexOf($" ({test})\n{new string('-', 70)}\n", StringComparison.Ordinal);
            if (start < 0)
                return Output;
            var end = Output.IndexOf("\n" + new string('-', 70) + "\nRan ", start, StringComparison.Ordinal) is var last and >= 0 ? last : Output.Length;
            var next = Output.IndexOf("\n" + new string('=', 70), start, StringComparison.Ordinal);
            return Output[(Output.LastIndexOf('\n', start) + 1)..(next >= 0 && next < end ? next : end)];
        }
    }

    /// <summary>Runs <c>python3 -m unittest -v {module}</c>; its exit code, and its output with stdout and stderr interleaved.</summary>
    public static async Task<Result> RunAsync(string module, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python) { WorkingDirectory = Path.Combine(Folder, "tests") };
        foreach (var argument in new[] { "-m", "unittest", "-v", module })
            info.ArgumentList.Add(argument);
        info.Environment["PYTHONPATH"] = Folder;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        var (exitCode, output) = await ScriptProcess.RunAsync(info, module, timeout);
        return new Result(exitCode, output);
    }

    [GeneratedRegex(@"^class (\w+)\(")]
    private static partial Regex ClassLine();

    [GeneratedRegex(@"^    def (test_\w+)\(")]
    private static partial Regex TestLine();

    // "test_x (module.Class.test_x) ... ok": the first line of a docstring, if any, before the dots; what the test
    // wrote meanwhile (a warning, say) between the dots and the outcome, which then stands on a line of its own.
    [GeneratedRegex(@"^test_\w+ \((?<id>[\w.]+)\)(?:\n[^\n]*?)? \.\.\. (?:[^\n]*\n(?:[^\n]*\n)*?)??(?<outcome>ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$",
        RegexOptions.Multiline)]
    private static partial Regex OutcomeLine();
}
