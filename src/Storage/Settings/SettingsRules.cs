using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Configuration;

namespace Platform.Storage.Settings;

/// <summary>
/// The rules one settings section's values must keep. Each broken rule is told as the setting's full key, the value it
/// was given (or its default) and the rule: <c>Jobs:Lease '0' must be more than 0.</c>
/// </summary>
public sealed class SettingsRules<T>
{
    private readonly string _path;
    private readonly IConfiguration? _section;
    private readonly List<string> _problems;

    private SettingsRules(T value, string path, IConfiguration? section, List<string> problems) =>
        (Value, _path, _section, _problems) = (value, path, section, problems);

    /// <summary>The settings being checked, for rules that depend on another setting.</summary>
    public T Value { get; }

    /// <summary>Every broken rule of <paramref name="value"/>, bound from <paramref name="section"/> (null: built in code) under <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> ProblemsOf(T value, string path, Action<SettingsRules<T>> rules, IConfiguration? section = null)
    {
        var problems = new List<string>();
        rules(new SettingsRules<T>(value, path, section, problems));
        return problems;
    }

    /// <summary>A rule of one setting; a <paramref name="secret"/> one's value is never told.</summary>
    public SettingsRules<T> Check<TValue>(Expression<Func<T, TValue>> setting, Func<TValue, bool> holds, string rule, bool secret = false)
    {
        var value = setting.Compile()(Value);
        if (!holds(value))
            _problems.Add($"{KeyOf(setting)} {(secret ? "(not shown)" : Shown(setting, value))} must be {rule}.");
        return this;
    }

    /// <summary>A rule of each item of a list setting, told by its index (<c>Cors:Origins:0</c>).</summary>
    public SettingsRules<T> CheckEach(Expression<Func<T, IEnumerable<string>>> setting, Func<string, bool> holds, string rule)
    {
        var index = 0;
        foreach (var item in setting.Compile()(Value))
        {
            if (!holds(item))
                _problems.Add($"{KeyOf(setting)}:{index} '{item}' must be {rule}.");
            index++;
        }
        return this;
    }

    public SettingsRules<T> Positive<TValue>(Expression<Func<T, TValue>> setting) where TValue : struct, IComparable<TValue> =>
        Check(setting, value => value.CompareTo(default) > 0, "more than 0");

    /// <summary>An optional setting: unset is fine, set it must be more than 0.</summary>
    public SettingsRules<T> Positive<TValue>(Expression<Func<T, TValue?>> setting) where TValue : struct, IComparable<TValue> =>
        Check(setting, value => value is not { } given || given.CompareTo(default) > 0, "more than 0");

    public SettingsRules<T> NotNegative<TValue>(Expression<Func<T, TValue>> setting) where TValue : struct, IComparable<TValue> =>
        Check(setting, value => value.CompareTo(default) >= 0, "0 or more");

    public SettingsRules<T> NotNegative<TValue>(Expression<Func<T, TValue?>> setting) where TValue : struct, IComparable<TValue> =>
        Check(setting, value => value is not { } given || given.CompareTo(default) >= 0, "0 or more");

    public SettingsRules<T> Between<TValue>(Expression<Func<T, TValue>> setting, TValue least, TValue most) where TValue : struct, IComparable<TValue> =>
        Check(setting, value => value.CompareTo(least) >= 0 && value.CompareTo(most) <= 0, $"from {Text(least)} to {Text(most)}");

    /// <summary>At least another setting, e.g. a maximum at least its minimum.</summary>
    public SettingsRules<T> AtLeast<TValue>(Expression<Func<T, TValue>> setting, Expression<Func<T, TValue>> other) where TValue : struct, IComparable<TValue>
    {
        var least = other.Compile()(Value);
        return Check(setting, value => value.CompareTo(least) >= 0, $"at least {KeyOf(other)} ({Text(least)})");
    }

    public SettingsRules<T> MoreThan<TValue>(Expression<Func<T, TValue>> setting, Expression<Func<T, TValue>> other) where TValue : struct, IComparable<TValue>
    {
        var least = other.Compile()(Value);
        return Check(setting, value => value.CompareTo(least) > 0, $"more than {KeyOf(other)} ({Text(least)})");
    }

    public SettingsRules<T> NotEmpty(Expression<Func<T, string?>> setting) =>
        Check(setting, value => !string.IsNullOrWhiteSpace(value), "given, not empty");

    /// <summary>The rules of every entry of a map of settings, e.g. <c>Jobs:Types:{type}:…</c>.</summary>
    public SettingsRules<T> Each<TEntry>(Expression<Func<T, IDictionary<string, TEntry>>> entries, Action<SettingsRules<TEntry>> rules)
    {
        var relative = RelativeKeyOf(entries);
        foreach (var (name, entry) in entries.Compile()(Value))
            rules(new SettingsRules<TEntry>(entry, $"{_path}:{relative}:{name}", _section?.GetSection($"{relative}:{name}"), _problems));
        return this;
    }

    private string KeyOf(LambdaExpression setting) => $"{_path}:{RelativeKeyOf(setting)}";

    private string Shown<TValue>(LambdaExpression setting, TValue value) =>
        _section?[RelativeKeyOf(setting)] is { } given ? $"'{given}'" : value is null ? "(not set)" : $"'{Text(value)}' (its default)";

    private static string Text<TValue>(TValue value) => value switch
    {
        null => "",
        TimeSpan time => time.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // o => o.Reports.MaxMessageLength is Reports:MaxMessageLength, as configuration names it.
    private static string RelativeKeyOf(LambdaExpression setting)
    {
        var names = new Stack<string>();
        var body = setting.Body is UnaryExpression { NodeType: ExpressionType.Convert } converted ? converted.Operand : setting.Body;
        while (body is MemberExpression member)
        {
            names.Push(member.Member.Name);
            body = member.Expression;
        }
        return body is ParameterExpression && names.Count > 0
            ? string.Join(':', names)
            : throw new ArgumentException($"'{setting}' does not name a setting: it must read a property, e.g. o => o.Lease.", nameof(setting));
    }
}
