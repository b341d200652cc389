namespace Platform.Storage.Outcomes;

/// <summary>
/// What a command came to: its value, or the <see cref="Refusal"/> that says why nothing changed. Every feature's commands
/// answer this one shape, so REST and the hub each turn refusals into answers in one place.
/// </summary>
public readonly record struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Refusal? refusal) => (_value, Refusal) = (value, refusal);

    public Refusal? Refusal { get; }

    public bool Succeeded => Refusal is null;

    /// <summary>The value of a command that succeeded; asking a refusal for one is a mistake in the caller.</summary>
    public T Value => Refusal is null ? _value! : throw new InvalidOperationException($"The command was refused ({Refusal.Code}): it has no value.");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);

    /// <summary>The same outcome with the value turned into another; a refusal stays as it is.</summary>
    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => Refusal is null ? map(_value!) : Refusal;
}
