namespace Platform.Contracts.Jobs;

/// <summary>The job types every host knows; benchmark types exist only when enabled in configuration.</summary>
public static class JobTypes
{
    public const string Generation = "generation";
    public const string Training = "training";
}
