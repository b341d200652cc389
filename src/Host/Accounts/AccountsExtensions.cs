using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Platform.Host.Mail;
using Platform.Hubs.Watching;
using Platform.Jobs.Notifications;
using Platform.Storage.Accounts;
using Platform.Storage.Settings;

namespace Platform.Host.Accounts;

public static class AccountsExtensions
{
    private const string BearerOrApiKey = "BearerOrApiKey";

    /// <summary>Accounts, JWT bearer tokens and API keys; every endpoint requires a caller unless it allows anonymous ones.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var options = builder.Services.AddSettings<AccountsOptions>(builder.Configuration, AccountsOptions.Section, AccountsOptions.Rules);
        var key = SigningKey.Load(options, PlatformOptions.Add(builder));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton<Passwords>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<RefreshSessions>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<FailedAuthentications>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<OpenAccess>();
        builder.Services.AddSingleton<AccountCache>();
        builder.Services.AddSingleton<AccessCheck>();
        builder.Services.AddSingleton<IAccessCheck>(services => services.GetRequiredService<AccessCheck>());
        builder.Services.AddHostedService(services => services.GetRequiredService<AccountCache>());
        builder.Services.AddSingleton<INotificationPreferences, CachedNotificationPreferences>();
        builder.Services.AddScoped<SignIns>();
        builder.Services.AddScoped<OwnAccount>();
        builder.Services.AddSingleton<DashboardLinks>();
        builder.Services.AddScoped<PasswordResets>();
        builder.Services.AddScoped<ApiKeyCommands>();
        builder.Services.AddScoped<UserAdministration>();

        builder.Services.AddAuthentication(BearerOrApiKey)
            .AddPolicyScheme(BearerOrApiKey, "Bearer token or API key", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyHeader.Name) ? ApiKeyAuthentication.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = PlatformClaims.UserId,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = TakeHubTokenFromQuery,
                    OnTokenValidated = RejectStaleTokensAsync,
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Scopes.JobsRead, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Scope, Scopes.JobsRead))
            .AddPolicy(Scopes.JobsWrite, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Scope, Scopes.JobsWrite))
            .AddPolicy(Scopes.Worker, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Scope, Scopes.Worker))
            .AddPolicy(Scopes.Admin, policy => policy.RequireRole(Roles.Admin).RequireClaim(PlatformClaims.Scope, Scopes.Admin))
            .AddPolicy(PlatformClaims.AccountScope, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Scope, PlatformClaims.AccountScope));
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapUsersApi();
        return app;
    }

    // Browsers cannot set headers on WebSocket or EventSource requests, so the hubs also take the token from the query.
    private static Task TakeHubTokenFromQuery(MessageReceivedContext context)
    {
        if (HubTokenOf(context.Request) is { } token)
            context.Token = token;
        return Task.CompletedTask;
    }

    /// <summary>The access token a hub request carries in its query, if any.</summary>
    public static string? HubTokenOf(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;

    // A token outlives neither its session, nor its account being disabled, nor a change of password or role.
    private static async Task RejectStaleTokensAsync(TokenValidatedContext context)
    {
        var check = context.HttpContext.RequestServices.GetRequiredService<AccessCheck>();
        if (await check.TokenEndedBecauseAsync(context.Principal!, context.HttpContext.RequestAborted) is { } reason)
            context.Fail(reason);
    }
}
