using Engine.Jobs.Efact;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Efact;

public class EfactWriterTests
{
    private static string Zone(string file, int record, int start, int end) =>
        file.Substring(227 + record * 350 + start - 1, end - start + 1);

    [Fact]
    public void Every_record_is_350_characters_after_a_227_character_header()
    {
        var text = EfactWriter.Write(SampleSendings.TwoMutualities());
        // 10, (20 50 80), (20 50 50 80), 90, 95, 95, 96 = 12 records.
        Assert.Equal(227 + 350 * 12, text.Length);
        Assert.All(text, c => Assert.InRange(c, ' ', '~'));
        var types = Enumerable.Range(0, 12).Select(r => Zone(text, r, 1, 2)).ToArray();
        Assert.Equal(["10", "20", "50", "80", "20", "50", "50", "80", "90", "95", "95", "96"], types);
    }

    [Fact]
    public void The_CIN_example_zones_come_out_at_their_positions()
    {
        var text = EfactWriter.Write(SampleSendings.Cin());
        Assert.Equal(227 + 350 * 7, text.Length); // 10 20 50 80 90 95 96

        Assert.Equal("920000", text[..6]);
        Assert.Equal("92", text.Substring(12, 2)); // test message
        Assert.Equal("20140000000519", text.Substring(20, 14));
        Assert.Equal("201411", text.Substring(67, 6));
        Assert.Equal("519", text.Substring(67 + 8, 3));
        Assert.Equal("20141125", text.Substring(67 + 13, 8));

        // record 10 (index 0)
        Assert.Equal("10000001", Zone(text, 0, 1, 8));
        Assert.Equal("9991999", Zone(text, 0, 10, 16));
        Assert.Equal("519", Zone(text, 0, 33, 35));
        Assert.Equal("018334780004", Zone(text, 0, 56, 67));
        Assert.Equal("02014", Zone(text, 0, 108, 112));
        Assert.Equal("11", Zone(text, 0, 113, 114));
        Assert.Equal("20141125", Zone(text, 0, 120, 127));
        Assert.Equal("GEBABEBB   ", Zone(text, 0, 167, 177));
        Assert.Equal("BE10001232152604".PadRight(34), Zone(text, 0, 179, 212));

        // record 20 (index 1)
        Assert.Equal("20000002", Zone(text, 1, 1, 8));
        Assert.Equal("131", Zone(text, 1, 33, 35));
        Assert.Equal("0036121015396", Zone(text, 1, 36, 48));
        Assert.Equal("13", Zone(text, 1, 49, 50)); // male, ambulatory
        Assert.Equal("131", Zone(text, 1, 85, 87));
        Assert.Equal("141000000001", Zone(text, 1, 115, 126));

        // record 50 (index 2), §3.5: code, dates, fund, NISS, provider + norm, amounts, convention.
        Assert.Equal("50000003", Zone(text, 2, 1, 8));
        Assert.Equal("0101032", Zone(text, 2, 10, 16));
        Assert.Equal("20141125", Zone(text, 2, 17, 24));
        Assert.Equal("20141125", Zone(text, 2, 25, 32));
        Assert.Equal("131", Zone(text, 2, 33, 35));
        Assert.Equal("0036121015396", Zone(text, 2, 36, 48));
        Assert.Equal("018334780004", Zone(text, 2, 68, 79));
        Assert.Equal("1", Zone(text, 2, 80, 80));
        Assert.Equal("+00000001942", Zone(text, 2, 88, 99));
        Assert.Equal("+0001", Zone(text, 2, 108, 112));
        Assert.Equal("+000000150", Zone(text, 2, 128, 137));
        Assert.Equal("Fichier genere au CIN    ", Zone(text, 2, 138, 162));
        Assert.Equal("+000000000", Zone(text, 2, 165, 174));
        Assert.Equal("1", Zone(text, 2, 178, 178));

        // record 80 (index 3): totals and invoice control digits 101032 mod 97 = 55.
        Assert.Equal("80000004", Zone(text, 3, 1, 8));
        Assert.Equal("+00000000000", Zone(text, 3, 68, 79));
        Assert.Equal("+00000001942", Zone(text, 3, 88, 99));
        Assert.Equal("141000000001", Zone(text, 3, 115, 126));
        Assert.Equal("+000000150", Zone(text, 3, 128, 137));
        Assert.Equal("55", Zone(text, 3, 347, 348));

        // record 90 (index 4)
        Assert.Equal("90000005", Zone(text, 4, 1, 8));
        Assert.Equal("519", Zone(text, 4, 33, 35));
        Assert.Equal("+00000001942", Zone(text, 4, 88, 99));
        Assert.Equal("55", Zone(text, 4, 347, 348));

        // record 95 (index 5): 95 00 131 00 recap 00 +A 00 +B 00 +total 00 count 00 control 00
        Assert.Equal("9500131", Zone(text, 5, 1, 7));
        Assert.Equal("+00000001942", Zone(text, 5, 24, 35));
        Assert.Equal("+00000000000", Zone(text, 5, 38, 49));
        Assert.Equal("+00000001942", Zone(text, 5, 52, 63));
        Assert.Equal("00000005", Zone(text, 5, 66, 73)); // records 10 20 50 80 90
        Assert.Equal("55", Zone(text, 5, 76, 77));
        Assert.Equal(new string(' ', 271), Zone(text, 5, 80, 350));

        // record 96 (index 6): federation 199, grand totals, all 7 records.
        Assert.Equal("9600199", Zone(text, 6, 1, 7));
        Assert.Equal("+00000001942", Zone(text, 6, 24, 35));
        Assert.Equal("00000007", Zone(text, 6, 66, 73));
        Assert.Equal("55", Zone(text, 6, 76, 77));
    }

    [Fact]
    public void Records_carry_the_check_digits_of_their_first_348_characters()
    {
        var text = EfactWriter.Write(SampleSendings.TwoMutualities());
        for (var r = 0; r < 9; r++)
        {
            var record = text.Substring(227 + r * 350, 350);
            Assert.Equal(EfactCheckDigits.ForRecord(record).ToString("00"), record[348..]);
        }
    }

    [Fact]
    public void Invoices_are_sorted_by_destination_mutuality_with_one_95_each()
    {
        var text = EfactWriter.Write(SampleSendings.TwoMutualities());
        // Invoice 1 (fund 306) first, then invoice 2 (fund 319).
        Assert.Equal("000000000001", Zone(text, 1, 115, 126));
        Assert.Equal("000000000002", Zone(text, 4, 115, 126));
        Assert.Equal("306", Zone(text, 1, 85, 87));
        Assert.Equal("319", Zone(text, 4, 85, 87));
        // sequence numbers run 1..9 over records 10..90
        for (var r = 0; r < 9; r++) Assert.Equal((r + 1).ToString("000000"), Zone(text, r, 3, 8));

        // 95 for 306: €21.50, 10 20 50 80 90 = 5 records, 101032 mod 97 = 55.
        Assert.Equal("9500306", Zone(text, 9, 1, 7));
        Assert.Equal("+00000002150", Zone(text, 9, 24, 35));
        Assert.Equal("00000005", Zone(text, 9, 66, 73));
        Assert.Equal("55", Zone(text, 9, 76, 77));
        // 95 for 319: 25.00 + 12.10 = €37.10, 10 20 50 50 80 90 = 6 records,
        // 101032 + 102771 = 203803 = 2101 x 97 + 6 -> 06.
        Assert.Equal("9500319", Zone(text, 10, 1, 7));
        Assert.Equal("+00000003710", Zone(text, 10, 24, 35));
        Assert.Equal("00000006", Zone(text, 10, 66, 73));
        Assert.Equal("06", Zone(text, 10, 76, 77));
        // 96: federation 399, 21.50 + 37.10 = €58.60, 12 records, 101032 + 203803 = 304835 = 3142 x 97 + 61.
        Assert.Equal("9600399", Zone(text, 11, 1, 7));
        Assert.Equal("+00000005860", Zone(text, 11, 24, 35));
        Assert.Equal("00000012", Zone(text, 11, 66, 73));
        Assert.Equal("61", Zone(text, 11, 76, 77));
        // 90: same total and control digits, record 80 of invoice 2: 37.10, personal share 4.00.
        Assert.Equal("+00000005860", Zone(text, 8, 88, 99));
        Assert.Equal("61", Zone(text, 8, 347, 348));
        Assert.Equal("+00000003710", Zone(text, 7, 88, 99));
        Assert.Equal("+000000400", Zone(text, 7, 128, 137));
        Assert.Equal("06", Zone(text, 7, 347, 348));
        // production: 12 and 0001999; from 2019-07 zone 47 of record 50 is a signed base value.
        Assert.Equal("12", text.Substring(12, 2));
        Assert.Equal("0001999", Zone(text, 0, 10, 16));
        Assert.Equal("+0000000", Zone(text, 2, 262, 269));
    }

    [Fact]
    public void Writing_is_deterministic() =>
        Assert.Equal(EfactWriter.Write(SampleSendings.TwoMutualities()), EfactWriter.Write(SampleSendings.TwoMutualities()));

    [Fact]
    public void A_sending_that_cannot_be_written_is_refused_naming_the_invoice_and_line()
    {
        var s = SampleSendings.Cin();
        var bad = s with
        {
            Invoices = new[] { s.Invoices[0] with { Lines = new[] { s.Invoices[0].Lines[0] with { Units = 10000 } } } },
        };
        var e = Assert.Throws<ArgumentException>(() => EfactWriter.Write(bad));
        Assert.Contains("invoice 141000000001 line 1: units 10000 do not fit 4 digits", e.Message);

        var twoFederations = SampleSendings.TwoMutualities();
        twoFederations = twoFederations with { Invoices = new[] { twoFederations.Invoices[0], twoFederations.Invoices[1] with { DestinationMutuality = 131 } } };
        Assert.Contains("more than one federation", Assert.Throws<ArgumentException>(() => EfactWriter.Write(twoFederations)).Message);
    }

    [SkippableFact]
    public void The_written_CIN_example_matches_the_CIN_file_zone_by_zone()
    {
        var cin = File.ReadAllText(SharedFolder.File("efact-samples/efact/cin-reference-920000/TFAC1SC13.519E"));
        var ours = EfactWriter.Write(SampleSendings.Cin());
        Assert.Equal(cin.Length, ours.Length);
        // Records 20, 50, 80: the identity, code, date and amount zones (positions) written by both.
        (int Record, int Start, int End)[] zones =
        [
            (0, 33, 35), (0, 56, 67), (0, 108, 127), (0, 138, 162), (0, 167, 212),
            (1, 1, 8), (1, 33, 50), (1, 56, 67), (1, 85, 87), (1, 115, 126), (1, 138, 162),
            (2, 1, 48), (2, 68, 99), (2, 108, 112), (2, 128, 174), (2, 178, 178),
            (3, 1, 8), (3, 33, 50), (3, 56, 99), (3, 115, 137), (3, 165, 174), (3, 347, 348),
            (4, 1, 8), (4, 33, 35), (4, 56, 114), (4, 167, 212), (4, 347, 348),
            // 95 zone 402 (recapitulative number) differs: the CIN writes 3, we number the 95s 1, 2, ...
            (5, 1, 9), (5, 22, 63), (5, 76, 79), (6, 1, 63), (6, 76, 79),
        ];
        foreach (var (record, start, end) in zones)
            Assert.True(Zone(cin, record, start, end) == Zone(ours, record, start, end),
                $"record {record} positions {start}-{end}: CIN '{Zone(cin, record, start, end)}' ours '{Zone(ours, record, start, end)}'");
        Assert.Equal(cin[..21], ours[..21]);
    }
}
