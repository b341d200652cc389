using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Storage.Settings;

/// <summary>A configuration section the host binds to an options class: what the README's settings tables document.</summary>
public sealed record SettingsSection(string Path, Type Type);

public static class SettingsRegistration
{
    /// <summary>
    /// Binds the <paramref name="path"/> section to <typeparamref name="T"/>, offered as <c>IOptions&lt;T&gt;</c> and as
    /// <typeparamref name="T"/> itself, and answers it for the wiring that depends on it. A value that cannot be read or
    /// breaks one of <paramref name="rules"/> stops the host here, and again at start should anything configure it
    /// since, with every such setting named. <paramref name="complete"/> derives what binding alone cannot (paths made
    /// absolute, former names) before the rules are checked. Every place whose wiring needs the settings may call this;
    /// they are registered once.
    /// </summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string path,
        Action<SettingsRules<T>> rules, Action<T>? complete = null) where T : class, new()
    {
        var section = configuration.GetSection(path);
        var value = Bind(section, path, complete);
        if (SettingsRules<T>.ProblemsOf(value, path, rules, section) is [_, ..] problems)
            throw new OptionsValidationException(path, typeof(T), problems);
        if (services.Any(service => service.ImplementationInstance is SettingsSection bound && bound == new SettingsSection(path, typeof(T))))
            return value;

        var options = services.AddOptions<T>().Bind(section);
        if (complete is not null)
            options.PostConfigure(complete);
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(path, section, rules));
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        services.AddSingleton(new SettingsSection(path, typeof(T)));
        return value;
    }

    private static T Bind<T>(IConfigurationSection section, string path, Action<T>? complete) where T : class, new()
    {
        if (SettingsFormats.ProblemsOf(typeof(T), section, path) is [_, ..] unreadable)
            throw new OptionsValidationException(path, typeof(T), unreadable);
        var value = section.Get<T>() ?? new T();
        complete?.Invoke(value);
        return value;
    }

    private sealed class SettingsValidator<T>(string path, IConfiguration section, Action<SettingsRules<T>> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            name != Options.DefaultName ? ValidateOptionsResult.Skip
            : SettingsRules<T>.ProblemsOf(options, path, rules, section) is [_, ..] problems ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
    }
}
