using Platform.Contracts;

namespace Platform.Host.Defaults;

/// <summary>Problem responses with a stable <c>code</c> callers can branch on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null,
        IReadOnlyDictionary<string, object>? figures = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (name, value) in figures ?? new Dictionary<string, object>())
            extensions[name] = value;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request is not valid.",
        string code = "validation_failed", string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ValidationProblem Invalid(FieldErrors errors, string title = "The request is not valid.") => Invalid(errors.ToDictionary(), title);
}
