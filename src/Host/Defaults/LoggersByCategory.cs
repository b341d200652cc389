using System.Collections.Concurrent;

namespace Platform.Host.Defaults;

/// <summary>
/// One logger per category, as the framework's own factory keeps them. Serilog's factory makes a new logger (with its
/// own caches) on every call, and Kestrel and SignalR ask for several per connection: some 2 KB of every idle hub
/// connection went to loggers.
/// </summary>
public sealed class LoggersByCategory(ILoggerFactory made) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, made.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => made.AddProvider(provider);

    public void Dispose() => made.Dispose();

    /// <summary>Wraps the factory last registered, however it was registered.</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.Last(service => service.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new LoggersByCategory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } factory } => (ILoggerFactory)factory(provider),
            _ => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
        }));
    }
}
