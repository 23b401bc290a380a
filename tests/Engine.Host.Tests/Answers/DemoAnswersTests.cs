namespace Engine.Host.Tests.Answers;

/// <summary>One small demo night, shared by the tests of its answers from the database alone.</summary>
public sealed class DemoNight : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("engine-answers-").FullName;
    public string Folder => Path.Combine(Root, "demo");
    public string Database => Path.Combine(Folder, "engine.db");
    public string RunFolder => Path.Combine(Folder, "runs", "nightly-2024-03-05");
    public string Output { get; }

    public DemoNight()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["demo", "--out", Folder, "--members", "400", "--lines", "1500", "--seed", "7"], stdout, stderr);
        Output = stdout.ToString();
        if (code != 0) throw new InvalidOperationException(Output + stderr);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The commands the demo printed as next steps, as arguments (after "dotnet run --project src/Engine.Host --").</summary>
    public List<string[]> NextSteps()
    {
        const string prefix = "  dotnet run --project src/Engine.Host -- ";
        return Output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => l[prefix.Length..].Split("   #")[0].Trim().Split(' ')).ToList();
    }

    /// <summary>Runs the engine from another current folder (an empty one): what a newcomer's shell does with the README's command.</summary>
    public (int Code, string Out, string Err) Engine(string[] args)
    {
        var cwd = Directory.CreateTempSubdirectory("engine-cwd-").FullName;
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = cwd;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = Program.Run(args, stdout, stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = before;
            Directory.Delete(cwd, recursive: true);
        }
    }
}

/// <summary>
/// Issue 13, answers from the database alone: after `demo`, the commands it prints (the README's) explain a line with
/// its payment decision and replay the night with only --database, from any folder; replay compares with the run's
/// files where the run wrote them, or with the hashes it recorded when they are gone.
/// </summary>
[Collection("process-wide")]
public sealed class DemoAnswersTests(DemoNight night) : IClassFixture<DemoNight>
{
    [Fact]
    public void The_demo_prints_an_explain_and_a_replay_command_with_its_database_and_a_real_line()
    {
        var steps = night.NextSteps();
        Assert.Equal(3, steps.Count);
        Assert.Equal(["explain", "--line"], steps[0][..2]);
        Assert.Equal(["--database", night.Database], steps[0][^2..]);
        Assert.Equal(["replay", "--from", "2024-03-05", "--to", "2024-03-05", "--database", night.Database], steps[2]);
        Assert.Contains("--for member", string.Join(' ', steps[1]));
    }

    [Fact]
    public void The_printed_explain_gives_the_line_s_payment_decision_held_back_with_its_reason_or_the_transfer_and_file()
    {
        var explain = night.NextSteps()[0];
        var line = explain[2];
        var (code, text, errors) = night.Engine(explain);
        Assert.True(code == 0, text + errors);
        // The auditor's view stays: origin, run decision, kernel steps.
        Assert.Contains($"care line {line}: code", text);
        Assert.Contains("recomputed with that run's rules and inputs: the same figures.", text);
        Assert.Contains("payment decision:", text);
        var heldBack = File.ReadAllLines(Path.Combine(night.RunFolder, "nightly-2024-03-05.held-back.csv"));
        var remittance = File.ReadAllLines(Path.Combine(night.RunFolder, "nightly-2024-03-05.remittance.csv"));
        var held = heldBack.FirstOrDefault(l => l.Contains($"line:{line},", StringComparison.Ordinal));
        if (held is not null)
        {
            Assert.Contains("nightly-2024-03-05: insurer part", text);
            Assert.Contains("HELD BACK: ", text);
            Assert.Contains("# a line held back", night.Output);
        }
        else
        {
            // Paid: the end-to-end id the remittance report gives for the line, and the pain.001 file.
            var row = remittance.Single(l => l.Contains($"line:{line},", StringComparison.Ordinal));
            var e2e = row.Split(',')[2];
            Assert.Contains($"PAID in transfer {e2e}", text);
            Assert.Contains($"file nightly-2024-03-05.pain001.xml in {night.RunFolder}", text);
        }
    }

    [Fact]
    public void The_printed_member_explanation_is_in_Dutch_with_the_line_s_stored_amounts_and_no_rule_ids()
    {
        var member = night.NextSteps()[1];
        var line = member[2];
        var (code, text, errors) = night.Engine(member);
        Assert.True(code == 0, text + errors);
        var row = File.ReadAllLines(Path.Combine(night.RunFolder, "results.csv")).Skip(1).Select(l => l.Split(',')).Single(r => r[0] == line);
        // results.csv: line_id,fee,insurer_amount,personal_share,...; Dutch writes € 12,00.
        string Nl(string euros) => "€ " + euros.Replace('.', ',');
        Assert.Contains(row[2] == row[1] ? "" : Nl(row[2]), text);
        Assert.Contains($"Uw persoonlijk aandeel (remgeld) bedraagt {Nl(row[3])}.", text);
        Assert.Contains("Wat u kunt doen:", text);
        Assert.DoesNotContain("[", text);
        Assert.DoesNotContain("rules/", text);

        // French by default; English on request.
        (code, text, _) = night.Engine(["explain", "--line", line, "--for", "member", "--database", night.Database]);
        Assert.Equal(0, code);
        Assert.Contains($"Votre part personnelle (ticket modérateur) est de {row[3].Replace('.', ',')} €.", text);
        (code, text, _) = night.Engine(["explain", "--line", line, "--for", "member", "--lang", "en", "--database", night.Database]);
        Assert.Equal(0, code);
        Assert.Contains($"Your personal share (the part left to the patient) is €{row[3]}.", text);
    }

    [Fact]
    public void The_printed_replay_with_only_the_database_compares_with_the_run_s_own_folder_then_with_the_recorded_hashes()
    {
        var replay = night.NextSteps()[2];
        var (code, text, errors) = night.Engine(replay);
        Assert.True(code == 0, text + errors);
        Assert.Contains("REPRODUCED", text);
        Assert.Contains($"compared with the files in {night.RunFolder}", text);

        // The original files are gone (archived elsewhere): the hashes the run recorded answer alone.
        var away = night.RunFolder + ".away";
        Directory.Move(night.RunFolder, away);
        try
        {
            (code, text, errors) = night.Engine([.. replay, "--out", Path.Combine(night.Root, "replay-hashes")]);
            Assert.True(code == 0, text + errors);
            Assert.Contains("REPRODUCED", text);
            Assert.Contains("compared with the hashes the run recorded", text);
            var report = File.ReadAllText(Path.Combine(night.Root, "replay-hashes", "replay.txt"));
            Assert.Contains("results.csv", report);
            Assert.Contains("[recorded hash]", report);

            // A file changed after the run is caught by its recorded hash, not only when compared with another copy.
            Directory.Move(away, night.RunFolder);
            var results = Path.Combine(night.RunFolder, "results.csv");
            var original = File.ReadAllBytes(results);
            File.AppendAllText(results, "tampered\n");
            try
            {
                (code, text, _) = night.Engine([.. replay, "--out", Path.Combine(night.Root, "replay-tampered")]);
                Assert.Equal(3, code);
                Assert.Contains("DIFFERENCES", text);
                var differences = File.ReadAllText(Path.Combine(night.Root, "replay-tampered", "differences.csv"));
                Assert.Contains("results.csv,sha256", differences);
            }
            finally { File.WriteAllBytes(results, original); }
        }
        finally
        {
            if (Directory.Exists(away)) Directory.Move(away, night.RunFolder);
        }
    }
}
