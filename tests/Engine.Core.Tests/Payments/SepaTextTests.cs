using Engine.Core.Payments;

namespace Engine.Core.Tests.Payments;

public class SepaTextTests
{
    [Theory]
    [InlineData("Hélène Lefèvre-Dubois", "Helene Lefevre-Dubois")]
    [InlineData("Cabinet Dr. Müller & Søn", "Cabinet Dr. Muller + Son")]
    [InlineData("Straße  Œuvre", "Strasse OEuvre")]
    [InlineData("D’Hondt_Çelik", "D'Hondt-Celik")]
    [InlineData("  a@b#c  ", "a b c")]
    [InlineData(null, "")]
    public void Transliterates_to_the_sepa_character_set(string? text, string expected) =>
        Assert.Equal(expected, SepaText.Name(text));

    [Fact]
    public void Cuts_names_at_70_characters()
    {
        var name = SepaText.Name(new string('é', 80));
        Assert.Equal(new string('e', 70), name);
    }

    [FsCheck.Xunit.Property]
    public bool Output_only_holds_allowed_characters(string text)
    {
        var s = SepaText.ToSepa(text, 140);
        return s.Length <= 140 && s.All(SepaText.IsAllowed) && s == s.Trim() && !s.Contains("  ");
    }
}
