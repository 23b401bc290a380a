using Engine.Jobs.Data;
using Engine.Jobs.Recalc;

namespace Engine.Jobs.Bim;

/// <summary>
/// A BIM right granted on the insurer's initiative is paid back to its date by a recalculation of the member
/// (<see cref="Recalculation"/>): the BIM share on every line since, against what was paid at the normal rate; the
/// complements are paid by the next run, once (a second recalculation finds nothing).
/// </summary>
public static class BimGrant
{
    public const string RequestedBy = "engine (BIM on the insurer's initiative)";

    public static string Reason(BimDecisionRow decision) =>
        $"BIM granted on the insurer's initiative from {decision.GrantedFrom:yyyy-MM-dd} (decision {decision.Reference})";

    public static RecalcOutcome Recalculate(Recalculation recalculation, BimDecisionRow decision, string requestedBy) =>
        recalculation.Run(new RecalcScope(Member: decision.MemberId), Reason(decision), requestedBy);
}
