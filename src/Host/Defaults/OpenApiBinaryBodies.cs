using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Defaults;

/// <summary>Marks an endpoint that reads raw bytes (or a multipart form with a file), so its body is documented as such.</summary>
/// <param name="MediaTypes">Media types whose body is the bytes themselves.</param>
/// <param name="Multipart">Whether <c>multipart/form-data</c> with a <c>file</c> part is taken too.</param>
public sealed record BinaryRequestBody(string[] MediaTypes, bool Multipart = false);

/// <summary>
/// Documents byte bodies. Not <c>Accepts</c>: its metadata makes routing refuse every other content type with a 415,
/// while these endpoints judge the bytes, whatever their declared type.
/// </summary>
public static class OpenApiBinaryBodies
{
    public static RouteHandlerBuilder AcceptsBytes(this RouteHandlerBuilder endpoint, string[] mediaTypes, bool multipart = false) =>
        endpoint.WithMetadata(new BinaryRequestBody(mediaTypes, multipart));

    public static SwaggerGenOptions AddBinaryBodyDocs(this SwaggerGenOptions swagger)
    {
        swagger.OperationFilter<BinaryBodyFilter>();
        return swagger;
    }

    private sealed class BinaryBodyFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<BinaryRequestBody>().FirstOrDefault() is not { } body)
                return;
            var content = body.MediaTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = Bytes() });
            if (body.Multipart)
                content["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = Bytes() },
                    },
                };
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        }

        private static OpenApiSchema Bytes() => new() { Type = JsonSchemaType.String, Format = "binary" };
    }
}
