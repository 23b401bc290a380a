using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Jobs.Efact;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Efact;

public class EfactErrorTableTests
{
    private static string Fold(string s) =>
        new(s.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(char.ToLowerInvariant).ToArray());

    [SkippableFact]
    public void Every_code_used_exists_in_the_official_table_with_its_letter_and_meaning()
    {
        var path = SharedFolder.File("efact-samples/reference-data/EfactErrors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        // A few codes appear twice in the table (e.g. 203210 as S before 2006-07 and F after): any entry may match.
        var table = doc.RootElement.EnumerateArray().ToLookup(
            e => e.GetProperty("code").GetString()!,
            e => (Letter: e.GetProperty("type").GetString()!.Trim('\uFEFF', ' '), French: e.GetProperty("label").GetProperty("fr").GetString()!));

        Assert.True(EfactErrors.All.Count > 150, $"only {EfactErrors.All.Count} codes defined");
        foreach (var error in EfactErrors.All)
        {
            var entries = table[error.Code].ToList();
            Assert.True(entries.Count > 0, $"{error.Code} is not in the official table");
            var keyword = EfactErrors.MeaningKeywords[error.Code];
            Assert.True(entries.Any(o => o.Letter == error.Letter.ToString() && Fold(o.French).Contains(Fold(keyword))),
                $"{error.Code} {error.Letter}: no official entry with that letter whose label speaks of '{keyword}': " +
                string.Join(" / ", entries.Select(o => $"{o.Letter} {o.French}")));
            Assert.False(string.IsNullOrWhiteSpace(error.French) || string.IsNullOrWhiteSpace(error.Dutch), error.Code);
        }
    }

    [Fact]
    public void Codes_are_record_type_zone_and_error()
    {
        foreach (var error in EfactErrors.All)
        {
            Assert.Matches("^(10|20|50|51|52|80|90)[0-9]{4}$", error.Code);
            Assert.Contains(error.Letter, "BFRES");
        }
        Assert.Equal("B509902", EfactErrors.For("50", "9902").LetterCode);
        Assert.Throws<InvalidOperationException>(() => EfactErrors.For("50", "9999"));
    }
}
