using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Microsoft.Data.Sqlite;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Tests.Data;

/// <summary>
/// A partition's commit is checked by SQLite's foreign keys: a result of a line that is no care line is refused, and
/// nothing of the partition is stored; the partition's own lines commit.
/// </summary>
public sealed class PartitionCommitKeysTests() : TempStore("engine-commit-keys-", T)
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 5, 0, 0);

    private static RunRow Run(string runId) =>
        new() { RunId = runId, Kind = "nightly", RunDate = new LocalDate(2024, 3, 5), AsOf = T, RuleSetVersion = "v", StartedAt = T };

    private static LineResultRow Result(string runId, long lineId) => new()
    {
        RunId = runId, LineId = lineId, RuleSetVersion = "v", InputKnownAt = T, Fee = new Money(3_182), Insurer = new Money(2_582),
        Share = new Money(600), Supplement = Money.Zero, Payee = "provider", Status = "accepted", Reason = "", Rules = "r",
    };

    private static CareLineRow Line(int seq) => new()
    {
        InvoiceNumber = "1", RecordSeq = seq, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 2, 1),
        Quantity = 1, Billed = new Money(3_182), ClaimedInsurer = new Money(2_582), ClaimedShare = new Money(600), Supplement = Money.Zero,
        Conventioned = true, Channel = "efact", KnownAt = T,
    };

    private bool Commit(string runId, int partition, params long[] lines)
    {
        var commit = new PartitionCommit(runId, partition, lines.Select(l => Result(runId, l)).ToList(), [], [], [], [], (_, _) => [], T, "test");
        return Store.CommitPartition(commit, facts => RunConflicts.Find(commit, facts));
    }

    [Fact]
    public void A_partition_of_its_own_work_list_commits_and_a_result_of_no_care_line_is_still_refused()
    {
        Store.AddSending(new SendingRow { Channel = "efact", FileName = "f", Sha256 = "00", Identity = "efact:f", Raw = [1], Status = "imported", ReceivedAt = T },
            [Line(1), Line(2), Line(3)]);
        var lines = Store.UnprocessedLines(T).Select(l => l.LineId).Order().ToList();
        Assert.Equal(3, lines.Count);
        const long nowhere = 1_000_000;
        Assert.DoesNotContain(nowhere, lines);

        // Two partitions: the first line in partition 0, the others in 1.
        Store.StartRun(Run("nightly-2024-03-05"), _ => 2, (line, _) => line.LineId == lines[0] ? 0 : 1);
        Assert.True(Commit("nightly-2024-03-05", 0, lines[0]));
        Assert.Equal([lines[0]], Store.Results("nightly-2024-03-05").Select(r => r.LineId));
        Assert.Equal(lines.Skip(1), Store.UnprocessedLines(T).Select(l => l.LineId).Order());

        // A result of a line outside the partition's part of the list, of no care line: SQLite refuses it, nothing stored.
        var e = Assert.Throws<SqliteException>(() => Commit("nightly-2024-03-05", 1, lines[1], nowhere));
        Assert.Contains("FOREIGN KEY", e.Message);
        Assert.Equal([lines[0]], Store.Results("nightly-2024-03-05").Select(r => r.LineId));
        Assert.Equal(2, Store.UnprocessedLines(T).Count);

        // A run without a work list: checked the same.
        Store.StartRun(Run("nightly-2024-03-06"), _ => 1, null);
        e = Assert.Throws<SqliteException>(() => Commit("nightly-2024-03-06", 0, nowhere));
        Assert.Contains("FOREIGN KEY", e.Message);
        Assert.Empty(Store.Results("nightly-2024-03-06"));

        // The partition's own lines commit.
        Assert.True(Commit("nightly-2024-03-05", 1, lines[1], lines[2]));
        Assert.Equal(lines, Store.Results("nightly-2024-03-05").Select(r => r.LineId));
        Assert.Empty(Store.UnprocessedLines(T));
    }
}
