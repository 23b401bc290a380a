using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>Indemnity declarations through the inbox: a bad file never stops the others.</summary>
public sealed class DeclarationImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-declarations-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class NoJobs : IBackgroundJobClient
    {
        public List<Job> Jobs { get; } = [];
        public string Create(Job job, IState state) { Jobs.Add(job); return Jobs.Count.ToString(); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    /// <summary>A small night with its members in id order, the declarations header, and an empty inbox.</summary>
    private (SmallNight Night, List<string> Members, string Header) Night()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        Directory.CreateDirectory(night.Options.InboxFolder);
        return (night, night.Registry.Beneficiaries.Select(b => b.BeneficiaryId).Order(StringComparer.Ordinal).ToList(),
            string.Join(',', IndemnityDeclarationImport.Columns));
    }

    [Fact]
    public void A_case_declared_twice_in_one_file_is_refused_with_its_lines_and_the_files_after_it_are_imported()
    {
        // Two rows of case C1 in one file used to reach the database with the same (case_id, known_at): the primary key
        // refused the insert, the exception stopped the whole inbox job, and every file after it waited for ever.
        var (night, members, header) = Night();
        var (options, clock, store) = (night.Options, night.Clock, night.Store);
        File.WriteAllText(Path.Combine(options.InboxFolder, "a-declarations.csv"),
            $"{header}\n" +
            $"C1,{members[0]},incapacity,employee,true,2024-01-08,,120.00,family\n" +
            $"C2,{members[1]},incapacity,worker,true,2024-01-15,,95.50,isolated\n" +
            $"C1,{members[0]},incapacity,employee,true,2024-01-08,,125.00,family\n");
        File.WriteAllText(Path.Combine(options.InboxFolder, "b-declarations.csv"),
            $"{header}\nC3,{members[2]},incapacity,employee,true,2024-02-01,,101.00,cohabitant\n");

        clock.Set(Brussels.At(night.Generator.RunDate, 10));
        var log = Serilog.Core.Logger.None;
        var jobs = new NoJobs();
        var import = new InboxImport(store, night.Rules, options, clock, log);
        var report = import.ImportFiles(Directory.GetFiles(options.InboxFolder).Order(StringComparer.Ordinal).ToList());

        var a = report.Files[0];
        Assert.Equal("imported", a.Status);
        Assert.Equal(1, a.AcceptedLines);
        Assert.Equal(2, a.RejectedLines);
        Assert.Equal(
            ["a-declarations.csv:2: column 'case_id': case C1 is declared on lines 2 and 4 of this file: one row per case, none of them taken",
             "a-declarations.csv:4: column 'case_id': case C1 is declared on lines 2 and 4 of this file: one row per case, none of them taken"],
            a.Rejections);
        Assert.Equal("imported", report.Files[1].Status);
        Assert.Equal(["C2", "C3"], store.IndemnityCases(clock.GetCurrentInstant()).Select(c => c.CaseId));
        Assert.Equal(["C2", "C3"], report.ArrivedIndemnityCases);

        // And the inbox job goes through to the end: every file archived.
        File.WriteAllText(Path.Combine(options.InboxFolder, "c-declarations.csv"),
            $"{header}\nC4,{members[3]},incapacity,employee,true,2024-02-01,,101.00,cohabitant\nC4,{members[3]},incapacity,employee,true,2024-02-01,,101.00,cohabitant\n");
        foreach (var f in new[] { "a-declarations.csv", "b-declarations.csv" }) File.Delete(Path.Combine(options.InboxFolder, f));
        new InboxJob(import, options, clock, jobs, log).Poll();
        Assert.Empty(Directory.GetFiles(options.InboxFolder));
        Assert.DoesNotContain("C4", store.IndemnityCases(clock.GetCurrentInstant()).Select(c => c.CaseId));
    }

    [Fact]
    public void A_row_the_CSV_reader_cannot_read_is_refused_with_its_line_and_its_neighbours_go_in()
    {
        // A stray quote inside a field made CsvHelper fail on the row (and on every row after it, each refused as
        // "case_id is missing"): the valid declarations after a damaged one were refused with a wrong reason.
        var (night, members, header) = Night();
        var (options, clock, store) = (night.Options, night.Clock, night.Store);
        File.WriteAllText(Path.Combine(options.InboxFolder, "a-declarations.csv"),
            $"{header}\n" +
            $"C1,{members[0]},incapacity,employee,true,2024-01-08,,12\"0.00,family\n" +
            $"C2,{members[1]},incapacity,worker,true,2024-01-15,,95.50,isolated\n");
        File.WriteAllText(Path.Combine(options.InboxFolder, "b-declarations.csv"),
            $"{header}\nC3,{members[2]},incapacity,employee,true,2024-02-01,,101.00,cohabitant\n");
        clock.Set(Brussels.At(night.Generator.RunDate, 10));
        var log = Serilog.Core.Logger.None;

        var report = new InboxImport(store, night.Rules, options, clock, log)
            .ImportFiles(Directory.GetFiles(options.InboxFolder).Order(StringComparer.Ordinal).ToList());

        Assert.Equal(["a-declarations.csv:2: column 'daily_wage': '12\"0.00' is not a positive amount with a dot and at most 4 decimals"],
            report.Files[0].Rejections);
        Assert.Equal(["C2", "C3"], store.IndemnityCases(clock.GetCurrentInstant()).Select(c => c.CaseId));
    }

    private sealed class ListSink : Serilog.Core.ILogEventSink
    {
        public List<Serilog.Events.LogEvent> Events { get; } = [];
        public void Emit(Serilog.Events.LogEvent logEvent) => Events.Add(logEvent);
    }

    [Fact]
    public void Each_refused_row_of_a_file_without_an_answer_is_logged_with_its_reason_and_no_NISS_in_clear()
    {
        // A declaration or AC file gets no answer file: in `serve` the reasons of its refused rows went nowhere (the log
        // said only how many), so nobody could tell the employer what to correct. An employer writing the worker's NISS
        // where the member id goes must not put that NISS in the log either.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        var (options, clock, store) = (night.Options, night.Clock, night.Store);
        var member = night.Registry.Beneficiaries.Select(b => b.BeneficiaryId).Order(StringComparer.Ordinal).First();
        var path = Path.Combine(_root, "declarations.csv");
        File.WriteAllText(path, $"{string.Join(',', IndemnityDeclarationImport.Columns)}\n" +
            "C1,85073003328,incapacity,employee,true,2024-01-08,,120.00,family\n" +
            $"C2,{member},incapacity,employee,true,2024-01-08,,120.00,family\n");
        var sink = new ListSink();
        var log = new Serilog.LoggerConfiguration().Enrich.With<Engine.Jobs.Logging.RedactingEnricher>().WriteTo.Sink(sink).CreateLogger();

        new InboxImport(store, night.Rules, options, clock, log).ImportFiles([path]);

        var lines = sink.Events.Select(e => e.RenderMessage()).ToList();
        var refused = Assert.Single(lines, l => l.Contains("declarations.csv:2: column 'member_id'"));
        Assert.Contains("********328", refused);
        Assert.Contains("is not a known member", refused);
        Assert.DoesNotContain(lines, l => l.Contains("85073003328"));
        Assert.Equal(["C2"], store.IndemnityCases(clock.GetCurrentInstant()).Select(c => c.CaseId));
    }
}
