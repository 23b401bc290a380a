using Engine.Core.Ceilings;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

public class HouseholdCompositionTests
{
    private static readonly HouseholdMembership[] Register =
    [
        new("ann", "H1", D(2015, 1, 1), D(2024, 3, 31)),
        new("ann", "H2", D(2024, 4, 1), null),
        new("baby", "H2", D(2024, 8, 10), null),
    ];

    [Fact]
    public void The_household_of_a_year_is_the_one_on_1_January()
    {
        Assert.Equal("H1", HouseholdComposition.HouseholdOf(Register, "ann", 2024)); // moved on 1 April: stays in H1 for 2024
        Assert.Equal("H2", HouseholdComposition.HouseholdOf(Register, "ann", 2025));
    }

    [Fact]
    public void A_person_born_during_the_year_counts_with_the_first_household_joined()
    {
        Assert.Equal("H2", HouseholdComposition.HouseholdOf(Register, "baby", 2024));
        Assert.Null(HouseholdComposition.HouseholdOf(Register, "baby", 2023));
    }
}
