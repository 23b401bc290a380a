namespace Engine.Jobs.Generation;

/// <summary>Plausible Belgian names for synthetic people and practices.</summary>
public static class Names
{
    private static readonly string[] First =
        ["Marie", "Lucas", "Emma", "Louis", "Olivia", "Arthur", "Louise", "Noah", "Elise", "Victor", "Lena", "Jules",
         "Camille", "Adam", "Nina", "Hugo", "Julie", "Thomas", "Sarah", "Maxime", "Anne", "Pieter", "Els", "Koen"];

    private static readonly string[] Last =
        ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
         "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Leclercq", "Laurent", "Renard", "Lefebvre", "Hermans"];

    public static string Person(Random rng) => $"{First[rng.Next(First.Length)]} {Last[rng.Next(Last.Length)]}";

    public static string Provider(Random rng, string kind) => kind switch
    {
        "pharmacy" => $"Pharmacie {Last[rng.Next(Last.Length)]}",
        "dentist" => $"Cabinet dentaire {Last[rng.Next(Last.Length)]}",
        "physiotherapist" => $"Kine {Last[rng.Next(Last.Length)]}",
        _ => $"Dr {Person(rng)}",
    };
}
