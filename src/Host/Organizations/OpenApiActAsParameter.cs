using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Platform.Contracts.Organizations;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Organizations;

/// <summary>Documents <c>?actAs=</c> on every operation that needs credentials, since every one of them takes it.</summary>
public static class OpenApiActAsParameter
{
    public static SwaggerGenOptions AddActAsParameterDocs(this SwaggerGenOptions swagger)
    {
        swagger.OperationFilter<ActAsParameterFilter>();
        return swagger;
    }

    private sealed class ActAsParameterFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                return;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ActAsParameter.Name,
                In = ParameterLocation.Query,
                Required = false,
                Description = "Act for this organization (its id) rather than for yourself: its jobs, files and schedules, with the scopes your role there gives. "
                    + "An organization you do not belong to is not found (404).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            });
        }
    }
}
