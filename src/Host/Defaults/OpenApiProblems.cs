using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Defaults;

/// <summary>
/// Documents the problem responses every operation can give, as the pipeline gives them: 400 for a body or query it
/// cannot take, 401 without valid credentials, 403 without the scope, 404 for an id that is not the caller's,
/// 413 for a body over the limit, 429 over the rate limit, 500 for the unexpected. Each is RFC 7807 JSON with a
/// <c>code</c> and the <c>requestId</c> that finds it in the logs.
/// </summary>
public static class OpenApiProblems
{
    public const string ContentType = "application/problem+json";

    public static SwaggerGenOptions AddProblemResponseDocs(this SwaggerGenOptions swagger)
    {
        swagger.OperationFilter<ProblemResponsesFilter>();
        return swagger;
    }

    private sealed class ProblemResponsesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var description = context.ApiDescription;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var parameters = description.ParameterDescriptions;
            var hasBody = parameters.Any(p => p.Source == BindingSource.Body) || metadata.OfType<BinaryRequestBody>().Any();
            var secured = !metadata.OfType<IAllowAnonymous>().Any();

            if (hasBody || parameters.Any(p => p.Source == BindingSource.Query))
                Add(operation, context, StatusCodes.Status400BadRequest, "The request is not valid; `errors` names each wrong field.", typeof(HttpValidationProblemDetails));
            if (secured)
                Add(operation, context, StatusCodes.Status401Unauthorized, "No valid credentials: sign in, or send an API key.");
            if (secured && metadata.OfType<IAuthorizeData>().Any(data => data.Policy is not null))
                Add(operation, context, StatusCodes.Status403Forbidden, "The credentials lack the scope (or role) this operation requires.");
            if (parameters.Any(p => p.Source == BindingSource.Path))
                Add(operation, context, StatusCodes.Status404NotFound, "Nothing of the caller's has this id; others' resources are not found either.");
            if (hasBody)
                Add(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than the host accepts (`Limits:MaxRequestBodyBytes`).");
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
                Add(operation, context, StatusCodes.Status429TooManyRequests, "Over the rate limit; `Retry-After` says how many seconds to wait.");
            Add(operation, context, StatusCodes.Status500InternalServerError, "Something unexpected; the `requestId` finds it in the host's logs.");
        }

        private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, string description, Type? body = null)
        {
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue(status.ToString(), out var declared))
                operation.Responses[status.ToString()] = declared = new OpenApiResponse();
            if (declared is not OpenApiResponse response)
                return;
            if (string.IsNullOrEmpty(response.Description))
                response.Description = description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.TryAdd(ContentType, new OpenApiMediaType
            {
                Schema = context.SchemaGenerator.GenerateSchema(body ?? typeof(ProblemDetails), context.SchemaRepository),
            });
        }
    }
}
