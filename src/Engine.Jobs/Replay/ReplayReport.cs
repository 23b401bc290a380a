using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Replay;

/// <summary>One file of a replayed run: its SHA-256 in the run's folder, in the replay, and as the run's summary recorded it.</summary>
/// <see cref="ComparedWith"/> says what the original is: the file itself, or the hash the run recorded (the file not at hand).
public sealed record ReplayFile(string File, string? OriginalSha256, string ReplaySha256, string? RecordedSha256)
{
    public const string WithFile = "file", WithRecordedHash = "recorded hash", WithNothing = "nothing";

    public bool Same => OriginalSha256 == ReplaySha256 && (RecordedSha256 is null || RecordedSha256 == ReplaySha256);

    /// <summary>"file", "recorded hash", or "nothing" (neither the file nor a recorded hash: a difference).</summary>
    public string ComparedWith { get; init; } = WithFile;
}

/// <summary>
/// One figure that differs: the item ('line:12', 'indemnity:case C1 2024-02-01', 'ac:R7', or a file name), the field,
/// both values, the difference (replay minus original, for amounts) and both explanations.
/// </summary>
public sealed record ReplayDifference(string RunId, string Item, string Field, string Original, string Replay, string Difference,
    string ExplanationOriginal, string ExplanationReplay);

/// <summary>What a run paid and computed, in totals: once as the run stored it, once as replayed.</summary>
public sealed record ReplayTotals(int Lines, int Accepted, string Insurer, string PersonalShare, string MafRefund, int IndemnityStatements,
    string IndemnityNet, int AcDecisions, string AcGranted, int Transfers, string Paid, int HeldBack, string HeldBackTotal);

public sealed record ReplayedRun(string RunId, string Kind, string RunDate, string AsOf, string RuleSetVersion, ReplayTotals Original,
    ReplayTotals Replay, List<ReplayFile> Files, int Differences)
{
    /// <summary>What the files were compared with: the files in the run's folder, or the hashes the run recorded.</summary>
    public string Compared { get; init; } = "";
}

/// <summary>
/// The replay of a closed period, as an auditor keeps it: the period, the as-of instant and rules used, every run with
/// its totals and files (SHA-256 original and replayed), a hash of all the replayed outputs, and every difference.
/// Deterministic: the same database and rules give the same report, byte for byte.
/// </summary>
public sealed record ReplayReport
{
    public required string From { get; init; }
    public required string To { get; init; }
    /// <summary>"each run's own" or the instant given with --as-of.</summary>
    public required string AsOf { get; init; }
    /// <summary>"each run's own" or the version of the current rules folder.</summary>
    public required string Rules { get; init; }
    /// <summary>True when every figure and every file is the same as the originals.</summary>
    public bool Reproduced { get; init; }
    public int Runs { get; init; }
    public int Differences { get; init; }
    /// <summary>SHA-256 over the lines "run/file  sha256" of every replayed file, in order.</summary>
    public string OutputsSha256 { get; init; } = "";
    public List<ReplayedRun> Replayed { get; init; } = [];
    /// <summary>Runs of the period not replayed, and why (not completed).</summary>
    public List<string> Skipped { get; init; } = [];
    public List<string> Notes { get; init; } = [];
    public List<ReplayDifference> DifferenceList { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json).Replace("\r\n", "\n") + "\n";

    public static ReplayReport FromJson(string json) => JsonSerializer.Deserialize<ReplayReport>(json, Json)!;

    public static readonly string[] DifferencesHeader =
        ["run_id", "item", "field", "original", "replay", "difference", "explanation_original", "explanation_replay"];

    /// <summary>replay.json, replay.txt, replay.html and differences.csv (for Excel: BOM, injection guard) in <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        AtomicFile.Replace(Path.Combine(folder, "differences.csv"), CsvFiles.Write(DifferencesHeader, DifferenceList.Select(d => new[]
            { d.RunId, d.Item, d.Field, d.Original, d.Replay, d.Difference, d.ExplanationOriginal, d.ExplanationReplay })));
        AtomicFile.Replace(Path.Combine(folder, "replay.txt"), Encoding.UTF8.GetBytes(ToText()));
        AtomicFile.Replace(Path.Combine(folder, "replay.json"), Encoding.UTF8.GetBytes(ToJson()));
        AtomicFile.Replace(Path.Combine(folder, Reports.ReplayHtml.Name), Reports.ReplayHtml.Html(this));
    }

    public string ToText()
    {
        var t = new StringBuilder();
        t.Append($"Replay of the runs dated {From} to {To}\n");
        t.Append($"  inputs as of   {AsOf}\n");
        t.Append($"  rules          {Rules}\n");
        t.Append($"  runs replayed  {Runs}\n");
        t.Append($"  outputs sha256 {OutputsSha256}\n");
        t.Append(Reproduced
            ? "  result         REPRODUCED: the same figures and the same files, byte for byte\n"
            : $"  result         {Differences} DIFFERENCES (listed below and in differences.csv)\n");
        foreach (var s in Skipped) t.Append($"  skipped: {s}\n");
        foreach (var n in Notes) t.Append($"  note: {n}\n");
        foreach (var r in Replayed)
        {
            t.Append($"\nRun {r.RunId} ({r.Kind}, {r.RunDate}) as of {r.AsOf}, rules {r.RuleSetVersion}\n");
            t.Append($"  files compared with {r.Compared}\n");
            t.Append(string.Create(CultureInfo.InvariantCulture, $"  {"",-22}{"original",16}{"replay",16}\n"));
            void Row(string label, object a, object b) => t.Append(string.Create(CultureInfo.InvariantCulture, $"  {label,-22}{a,16}{b,16}\n"));
            Row("care lines", r.Original.Lines, r.Replay.Lines);
            Row("accepted", r.Original.Accepted, r.Replay.Accepted);
            Row("insurer amounts", r.Original.Insurer, r.Replay.Insurer);
            Row("personal shares", r.Original.PersonalShare, r.Replay.PersonalShare);
            Row("MAF refunds", r.Original.MafRefund, r.Replay.MafRefund);
            Row("indemnity statements", r.Original.IndemnityStatements, r.Replay.IndemnityStatements);
            Row("indemnities net", r.Original.IndemnityNet, r.Replay.IndemnityNet);
            Row("AC decisions", r.Original.AcDecisions, r.Replay.AcDecisions);
            Row("AC granted", r.Original.AcGranted, r.Replay.AcGranted);
            Row("transfers", r.Original.Transfers, r.Replay.Transfers);
            Row("paid", r.Original.Paid, r.Replay.Paid);
            Row("held back", r.Original.HeldBackTotal, r.Replay.HeldBackTotal);
            foreach (var f in r.Files)
                t.Append($"  {(f.Same ? "same     " : "DIFFERENT")} {f.File} {f.ReplaySha256}" + (f.ComparedWith == ReplayFile.WithFile ? "" : $" [{f.ComparedWith}]") +
                         (f.Same ? "" : $" (original {f.OriginalSha256 ?? "missing"}{(f.RecordedSha256 is { } h && h != f.OriginalSha256 ? $", recorded {h}" : "")})") + "\n");
        }
        if (DifferenceList.Count > 0) t.Append("\nDifferences\n");
        foreach (var d in DifferenceList)
        {
            t.Append($"\n{d.RunId} {d.Item} {d.Field}: original {d.Original}, replay {d.Replay}" + (d.Difference.Length > 0 ? $" ({d.Difference})" : "") + "\n");
            if (d.ExplanationOriginal.Length > 0) t.Append($"  original: {d.ExplanationOriginal}\n");
            if (d.ExplanationReplay.Length > 0) t.Append($"  replay:   {d.ExplanationReplay}\n");
        }
        return t.ToString();
    }
}
