using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Defaults;

/// <summary>The OpenAPI document's view of authentication: a bearer token or an API key, and which operations need one.</summary>
public static class OpenApiSecurity
{
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;
    public const string ApiKeyScheme = ApiKeyAuthentication.SchemeName;

    /// <summary>Extension on every secured operation naming the scopes (authorization policies) it requires.</summary>
    public const string RequiredScopesExtension = "x-required-scopes";

    /// <summary>Declares the "Bearer" and "ApiKey" schemes and marks each operation that needs a caller with them.</summary>
    public static SwaggerGenOptions AddPlatformSecurity(this SwaggerGenOptions swagger)
    {
        swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token from POST /api/v1/auth/login or /refresh (valid 15 minutes by default).",
        });
        swagger.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHeader.Name,
            Description = "An API key (pk_…) from POST /api/v1/users/me/api-keys; it may do what its scopes allow.",
        });
        swagger.OperationFilter<SecurityRequirementsFilter>();
        return swagger;
    }

    // Mirrors what the authorization middleware does: anonymous wins, then the endpoint's policies, else the fallback policy.
    private sealed class SecurityRequirementsFilter(IOptions<AuthorizationOptions> authorization) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
                return;
            var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().Distinct().ToList();
            if (policies.Count == 0 && !metadata.OfType<IAuthorizeData>().Any() && authorization.Value.FallbackPolicy is null)
                return;

            // Managing one's own account takes a person's token; an API key never carries that scope.
            var accountOnly = policies.Contains(PlatformClaims.AccountScope);
            operation.Security = accountOnly
                ? [Requirement(BearerScheme, context.Document)]
                : [Requirement(BearerScheme, context.Document), Requirement(ApiKeyScheme, context.Document)];

            if (policies.Count == 0)
                return;
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RequiredScopesExtension] = new JsonNodeExtension(new JsonArray([.. policies.Select(p => JsonValue.Create(p))]));
            var requires = accountOnly
                ? "Requires a signed-in person's access token; API keys are refused."
                : $"Requires scope {string.Join(" and ", policies)}{(policies.Contains(Scopes.Admin) ? " and the admin role" : "")}.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? requires : $"{operation.Description}\n\n{requires}";
        }

        private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
            new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
    }
}
