using System.Text.Json;
using Platform.Contracts;
using Platform.Storage.Files;

namespace Platform.Jobs.Types;

/// <summary>The files a submitted input names: each must be the submitter's and of a type its field takes.</summary>
public sealed class JobFileInputs(UserFiles files)
{
    /// <summary>The ids of the files <paramref name="input"/> names; what is wrong with any of them goes into <paramref name="errors"/>.</summary>
    public async Task<IReadOnlyList<Guid>> CheckAsync(JsonElement schema, JsonElement input, string ownerId, FieldErrors errors, CancellationToken ct)
    {
        if (!FileFields.AskedFor(schema))
            return [];
        var fields = FileFields.In(schema, input);
        var ids = new List<Guid>();
        foreach (var field in fields)
            if (FileFields.IdOf(field.Value) is { } id)
                ids.Add(id);
            else
                errors.Add(field.Path, "must name an uploaded file: {\"file\": \"<id>\"}.");
        if (ids.Count == 0)
            return [];
        var owned = (await files.GetManyOwnedAsync(ids.Distinct().ToList(), Guid.Parse(ownerId), ct)).ToDictionary(file => file.Id);
        foreach (var field in fields)
        {
            if (FileFields.IdOf(field.Value) is not { } id)
                continue;
            if (!owned.TryGetValue(id, out var file))
                errors.Add($"{field.Path}.file", $"names no file of yours: there is no file {id}.");
            else if (!ContentSniffer.Suits(file.ContentType, field.Accept))
                errors.Add($"{field.Path}.file", $"is {file.ContentType}; this field takes {string.Join(", ", field.Accept)}.");
        }
        return ids.Distinct().ToList();
    }
}
