using System.Text.Json;
using Platform.Contracts;
using Platform.Jobs.Benchmarks;
using Platform.Jobs.Generation;
using Platform.Jobs.Handlers;
using Platform.Jobs.Training;
using Platform.Jobs.Types;

namespace Platform.UnitTests.Jobs;

/// <summary>A type's input schema as the first check of a submit: each failure named by its field's path, in plain words.</summary>
public sealed class InputSchemaTests
{
    private static readonly IJobHandler[] BuiltIn = [new GenerationJob(), new TrainingJob(), new NoopJob(), new TickerJob(), new FlakyJob()];

    [Theory]
    [InlineData("generation", """{"prompt":"x","steps":500}""", "input.steps", "must be between 1 and 200.")]
    [InlineData("generation", """{"prompt":"x","steps":"ten"}""", "input.steps", "must be a whole number.")]
    [InlineData("generation", """{"prompt":"x","colour":"red"}""", "input.colour", "is not a known field.")]
    [InlineData("generation", """{"width":64}""", "input.prompt", "is required.")]
    [InlineData("generation", """[1,2]""", "input", "must be an object.")]
    [InlineData("training", """{"learningRate":0}""", "input.learningRate", "must be above 0 and at most 10.")]
    [InlineData("training", """{"dataset":[]}""", "input.dataset", "must be between 1 and 10000 items.")]
    [InlineData("training", """{"dataset":[{"x":[1],"y":1},{"x":[2]}]}""", "input.dataset[1].y", "is required.")]
    [InlineData("training", """{"dataset":[{"x":[1,"a"],"y":1}]}""", "input.dataset[0].x[1]", "must be a number.")]
    public void A_failing_field_is_named_by_its_path_with_what_it_must_be(string type, string input, string field, string message)
    {
        var errors = new FieldErrors(under: "input");

        Handler(type).InputSchema.Check(JsonDocument.Parse(input).RootElement, errors).Should().BeFalse();

        errors.ToDictionary().Should().ContainKey(field).WhoseValue.Should().Contain(message);
    }

    [Fact]
    public void Every_failing_field_is_reported_at_once()
    {
        var errors = new FieldErrors(under: "input");

        Handler("generation").InputSchema.Check(JsonDocument.Parse("""{"width":1,"height":99999,"steps":0}""").RootElement, errors);

        errors.ToDictionary().Keys.Should().BeEquivalentTo("input.prompt", "input.width", "input.height", "input.steps");
    }

    [Fact]
    public void The_defaults_a_schema_publishes_are_the_ones_its_handler_fills_in()
    {
        foreach (var handler in BuiltIn)
        {
            var schema = handler.InputSchema.Document;
            var fields = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().ToList() : [];
            // The least input the schema takes: each required field with a value of its type.
            var least = fields.Where(f => Required(schema).Contains(f.Name)).ToDictionary(f => f.Name, f => (object)(f.Value.GetProperty("type").GetString() == "string" ? "x" : 1));

            var check = handler.Check(JsonSerializer.SerializeToElement(least));

            check.IsValid.Should().BeTrue($"{handler.Type} takes its least input: {string.Join("; ", check.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");
            foreach (var field in fields.Where(f => f.Value.TryGetProperty("default", out _)))
                check.Input!.Value.GetProperty(field.Name).GetRawText().Should()
                    .Be(field.Value.GetProperty("default").GetRawText(), $"{handler.Type}.{field.Name} is stored with the default its schema shows");
        }
    }

    private static IJobHandler Handler(string type) => BuiltIn.Single(handler => handler.Type == type);

    private static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(name => name.GetString()!).ToHashSet() : [];
}
