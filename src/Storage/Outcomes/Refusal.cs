using Platform.Contracts;

namespace Platform.Storage.Outcomes;

/// <summary>What kind of "no" a command answers: REST callers get its status, hub callers its wording.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong; <see cref="Refusal.Errors"/> names the fields (400).</summary>
    Invalid,
    /// <summary>The caller's credentials do not prove who they are: a wrong password, a spent refresh token (401).</summary>
    Unauthenticated,
    /// <summary>Nothing the caller may see has this id (404): another owner's things look exactly like missing ones.</summary>
    NotFound,
    /// <summary>The caller sees it but may not do this (403).</summary>
    Forbidden,
    /// <summary>The thing's state refuses the change: finished, in use, a reused key (409).</summary>
    Conflict,
    /// <summary>It was there and is no more: an expired upload or link (410).</summary>
    Gone,
    /// <summary>A limit of the owner's stands in the way until something ends or time passes (429).</summary>
    TooMany,
    /// <summary>A body larger than the limit allows (413).</summary>
    TooLarge,
    /// <summary>The owner's credits cannot pay for it (402).</summary>
    PaymentRequired,
}

/// <summary>Why a command changed nothing: a stable <paramref name="Code"/> callers branch on, a title, and what was at fault.</summary>
public sealed record Refusal(RefusalKind Kind, string Code, string Title, string? Detail = null)
{
    public const string InvalidTitle = "The request is not valid.";

    /// <summary>Each field at fault and what is wrong with it; empty unless <see cref="RefusalKind.Invalid"/>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = FieldErrors.None;

    /// <summary>Figures a caller may act on, sent as members of the problem (e.g. a cost and what is available).</summary>
    public IReadOnlyDictionary<string, object> Figures { get; init; } = new Dictionary<string, object>();

    public static Refusal Invalid(string field, string message, string title = InvalidTitle) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, title);

    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors, string title = InvalidTitle) =>
        new(RefusalKind.Invalid, "validation_failed", title) { Errors = errors };

    public static Refusal Invalid(FieldErrors errors, string title = InvalidTitle) => Invalid(errors.ToDictionary(), title);

    public static Refusal NotFound(string title = "Not found.", string code = "not_found", string? detail = null) =>
        new(RefusalKind.NotFound, code, title, detail);

    public static Refusal Unauthenticated(string code, string title, string? detail = null) => new(RefusalKind.Unauthenticated, code, title, detail);

    public static Refusal Forbidden(string code, string title, string? detail = null) => new(RefusalKind.Forbidden, code, title, detail);

    public static Refusal Conflict(string code, string title, string? detail = null) => new(RefusalKind.Conflict, code, title, detail);

    public static Refusal Gone(string code, string title, string? detail = null) => new(RefusalKind.Gone, code, title, detail);

    public static Refusal TooMany(string code, string title, string? detail = null) => new(RefusalKind.TooMany, code, title, detail);

    public static Refusal TooLarge(string code, string title, string? detail = null) => new(RefusalKind.TooLarge, code, title, detail);

    public static Refusal PaymentRequired(string code, string title, string? detail = null) => new(RefusalKind.PaymentRequired, code, title, detail);

    /// <summary>The refusal in one line, for a hub caller or a log: each field's errors, else the detail, else the title.</summary>
    public string Reason => Errors.Count > 0
        ? string.Join(" ", Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"))
        : Detail ?? Title;
}
