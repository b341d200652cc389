using System.Text.Json;
using Platform.Jobs;
using Platform.Storage.Settings;

namespace Platform.UnitTests.Jobs;

public sealed class JobReportLimitsTests
{
    private readonly JobReportLimits _limits = new();

    [Fact]
    public void A_report_past_a_limit_names_the_field_to_change_and_its_setting()
    {
        _limits.ProgressProblem(new string('m', 1001), null)!.Field.Should().Be("message");
        _limits.ProgressProblem("ok", Enumerable.Range(0, 33).ToDictionary(i => $"m{i}", i => 1.0))!.Message.Should().Contain("Jobs:Reports:MaxMetrics");
        _limits.ProgressProblem("ok", new Dictionary<string, double> { ["loss"] = double.NaN })!.Field.Should().Be("metrics.loss");
        _limits.LogProblem("one more", kept: 10_000)!.Message.Should().Contain("Jobs:Reports:MaxLogLinesPerJob");
        _limits.ErrorProblem(new string('e', 4001))!.Field.Should().Be("error");
        _limits.OutputProblem(JsonSerializer.SerializeToElement(new string('o', 70_000)))!.Field.Should().Be("output");
    }

    [Fact]
    public void A_report_within_every_limit_has_no_problem_and_a_handlers_long_failure_is_cut_to_what_is_kept()
    {
        _limits.ProgressProblem(new string('m', 1000), Enumerable.Range(0, 32).ToDictionary(i => $"{i:D2}".PadLeft(64, 'n'), i => 1.0)).Should().BeNull();
        _limits.LogProblem(new string('l', 4000), kept: 9_999).Should().BeNull();
        _limits.OutputProblem(null).Should().BeNull();
        _limits.Kept(new string('e', 5000)).Should().HaveLength(4000).And.EndWith("…");
    }

    [Fact]
    public void Settings_that_bound_nothing_are_refused_at_start()
    {
        Problems(new JobsOptions()).Should().BeEmpty();
        Problems(new JobsOptions { MaxArtifactsPerAttempt = 0 }).Should().ContainSingle().Which.Should().Contain("Jobs:MaxArtifactsPerAttempt");
        Problems(new JobsOptions { MaxArtifactBytesPerAttempt = 1024 }).Should().ContainSingle().Which.Should().Contain("Jobs:MaxArtifactBytesPerAttempt");
        Problems(new JobsOptions { Reports = new JobReportLimits { MaxLogLinesPerJob = 0 } }).Should().ContainSingle().Which.Should().Contain("Jobs:Reports:MaxLogLinesPerJob");
    }

    private static IReadOnlyList<string> Problems(JobsOptions options) => SettingsRules<JobsOptions>.ProblemsOf(options, JobsOptions.Section, JobsOptions.Rules);
}
