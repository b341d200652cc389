using System.Text.Json;
using Platform.Jobs.Types;

namespace Platform.UnitTests.Files;

public sealed class FileFieldsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "prompt": { "type": "string" },
            "image": { "x-file": { "accept": ["image/*"] } },
            "references": { "type": "array", "items": { "x-file": {} } },
            "extra": { "type": "object", "additionalProperties": { "x-file": { "accept": ["text/csv"] } } }
          }
        }
        """).RootElement;

    [Fact]
    public void Every_place_the_schema_asks_for_a_file_is_found_with_its_path_and_accepted_types()
    {
        var input = JsonDocument.Parse("""
            { "prompt": "x", "image": {"file": "0b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"},
              "references": [{"file": "1b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"}, "oops"],
              "extra": { "train": {"file": "2b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"} } }
            """).RootElement;

        var fields = FileFields.In(Schema, input);

        fields.Select(f => (f.Path, string.Join(",", f.Accept))).Should().Equal(
            ("image", "image/*"), ("references[0]", "*/*"), ("references[1]", "*/*"), ("extra.train", "text/csv"));
        fields.Select(f => FileFields.IdOf(f.Value)).Should().Equal(
            Guid.Parse("0b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"), Guid.Parse("1b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"), null,
            Guid.Parse("2b4e1a52-3f6c-4d0e-9c1a-2f1e3a4b5c6d"));
    }

    [Fact]
    public void A_schema_that_asks_for_files_still_validates_the_rest_of_the_input()
    {
        var schema = InputSchema.Parse(Schema.GetRawText());
        var errors = new Platform.Contracts.FieldErrors(under: "input");

        schema.Check(JsonDocument.Parse("""{"prompt": 5, "image": {"file": "x"}}""").RootElement, errors).Should().BeFalse();

        errors.ToDictionary().Keys.Should().Equal("input.prompt");
    }
}
