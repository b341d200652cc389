using Platform.Contracts;

namespace Platform.Host.Defaults;

/// <summary>Refuses a query string value with a NUL character before any endpoint reads it: PostgreSQL could not take it.</summary>
public static class QueryText
{
    public static WebApplication UseQueryTextCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var bad = context.Request.Query.FirstOrDefault(parameter => parameter.Key.Contains('\0') || parameter.Value.Any(value => value?.Contains('\0') == true));
            if (bad.Key is null)
            {
                await next(context);
                return;
            }
            await ApiProblems.Invalid(bad.Key.Replace("\0", ""), TextWithoutNul.Problem).ExecuteAsync(context);
        });
        return app;
    }
}
