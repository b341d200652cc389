using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Platform.Jobs.Types;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Jobs;

/// <summary>
/// Puts each job type's input schema into the OpenAPI document as <c>JobInput.{type}</c>, and points the submit
/// operations at them: a generated client or a reader of the document sees what <c>input</c> each type takes.
/// </summary>
public static class OpenApiJobInputs
{
    public const string Prefix = "JobInput.";

    public static SwaggerGenOptions AddJobInputSchemas(this SwaggerGenOptions swagger)
    {
        swagger.DocumentFilter<JobInputsFilter>();
        return swagger;
    }

    private sealed class JobInputsFilter(JobTypeCatalog catalog) : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var types = catalog.List();
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            foreach (var type in types)
            {
                var schema = Convert(type.InputSchema);
                (schema.Title, schema.Description) = ($"Input of {type.Name} jobs", type.Description);
                document.Components.Schemas[Prefix + type.Name] = schema;
            }

            var named = string.Join(", ", types.Select(type => $"`{type.Name}`: `#/components/schemas/{Prefix}{type.Name}`"));
            foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
                if (operation.OperationId is "SubmitJob" or "SubmitJobBatch")
                    operation.Description = $"{operation.Description}\n\nEach job's `input` must match the schema of its `type` ({named}); "
                        + "`GET /api/v1/job-types` lists them too. A field that does not is named in the 400 problem's `errors`.";
        }

        // Job input schemas keep to what OpenAPI 3 can say: types, properties, items, bounds, defaults, enums, patterns.
        private static OpenApiSchema Convert(JsonElement rule)
        {
            string? Number(string keyword) => rule.TryGetProperty(keyword, out var value) ? value.GetRawText() : null;
            int? Count(string keyword) => rule.TryGetProperty(keyword, out var value) ? value.GetInt32() : null;
            var schema = new OpenApiSchema
            {
                Type = rule.TryGetProperty("type", out var type) ? Enum.Parse<JsonSchemaType>(type.GetString()!, ignoreCase: true) : null,
                Description = rule.TryGetProperty("description", out var description) ? description.GetString() : null,
                Minimum = Number("minimum"),
                Maximum = Number("maximum"),
                ExclusiveMinimum = Number("exclusiveMinimum"),
                ExclusiveMaximum = Number("exclusiveMaximum"),
                MinLength = Count("minLength"),
                MaxLength = Count("maxLength"),
                MinItems = Count("minItems"),
                MaxItems = Count("maxItems"),
                Pattern = rule.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null,
                Default = rule.TryGetProperty("default", out var fallback) ? JsonNode.Parse(fallback.GetRawText()) : null,
                Enum = rule.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())!).ToList() : null,
                Items = rule.TryGetProperty("items", out var items) ? Convert(items) : null,
                Required = rule.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : null,
                Properties = rule.TryGetProperty("properties", out var properties)
                    ? properties.EnumerateObject().ToDictionary(p => p.Name, p => (IOpenApiSchema)Convert(p.Value))
                    : null,
            };
            if (rule.TryGetProperty("additionalProperties", out var more) && more.ValueKind == JsonValueKind.False)
                schema.AdditionalPropertiesAllowed = false;
            return schema;
        }
    }
}
