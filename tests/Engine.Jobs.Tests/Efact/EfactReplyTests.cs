using System.Text;
using Engine.Jobs.Efact;
using Engine.Tests.Shared;
using static Engine.Jobs.Tests.Efact.EfactTestFiles;

namespace Engine.Jobs.Tests.Efact;

public class EfactReplyTests
{
    private static readonly EfactReplyContext Us = new("20240402000001", "DUPONT", "Marie", "0225000000");
    private static readonly string Two = EfactWriter.Write(SampleSendings.TwoMutualities());

    private static string Shared(string name) =>
        File.ReadAllText(SharedFolder.File("efact-samples/efact/" + name), Encoding.Latin1);

    // ---- the real replies, read with our reply reader ----

    [SkippableFact]
    public void A_real_refusal_920099_reads_as_documented()
    {
        // README: msg13 = 920099, sending 569 of 202402, error 100 %, refusal 01, records 10 20 50 51 80 90.
        var reply = EfactReplyReader.Read(Shared("replies-pyconnector-tests/msg13_line282_920099.txt"))!;
        Assert.Equal("920099", reply.MessageName);
        Assert.Equal("20240220468877", reply.SenderReference);
        Assert.Equal(("202402", "569", 10000, "01"), (reply.InvoicedMonth, reply.SendingNumber, reply.ErrorPercentage, reply.RefusalType));
        Assert.Equal(["10", "20", "50", "51", "80", "90"], reply.Entries.Select(e => e.RecordType));
        Assert.Equal(["B109902"], reply.Entries[0].Codes);
        Assert.Equal(["F200820", "F200921", "B209902"], reply.Entries[1].Codes);
        Assert.Equal(["R502405", "B509902"], reply.Entries[2].Codes);
        Assert.Equal(["F801910", "F802710", "F803010"], reply.Entries[4].Codes);
        Assert.Equal(["B901911", "B909902"], reply.Entries[5].Codes);
        Assert.Equal(("569", "20240220", "202402", "910", "000002"),
            (reply.Entries[2].SendingNumber, reply.Entries[2].CreationDate, reply.Entries[2].InvoicedMonth, reply.Entries[2].Mutuality, reply.Entries[2].Index));
        Assert.Equal(reply.Entries[0].Record.Substring(55, 12), reply.Entries[2].ThirdParty);
    }

    [SkippableFact]
    public void Real_replies_of_every_kind_read_with_their_structure()
    {
        var acceptance = EfactReplyReader.Read(Shared("replies-pyconnector-tests/msg29_line298_920098.txt"))!;
        Assert.Equal(("920098", "00", 1666), (acceptance.MessageName, acceptance.RefusalType, acceptance.ErrorPercentage));
        Assert.Equal(["R521922"], acceptance.Entries.Single(e => e.RecordType == "52").Codes);

        var ack = EfactReplyReader.Read(Shared("replies-pyconnector-tests/msg02_line270_931000.txt"))!;
        Assert.Equal(("931000", "920000", "20240207390060"), (ack.MessageName, ack.AcknowledgedMessage, ack.SenderReference));

        var envelope = EfactReplyReader.Read(Shared("replies-pyconnector-tests/msg00_line267_920999.txt"))!;
        Assert.Equal(("920999", "40"), (envelope.MessageName, envelope.Status));
        Assert.StartsWith("96", envelope.SummaryRecord);
        Assert.Equal([new EfactReplyZoneError("5011", "20")], envelope.SummaryErrors);

        var settlement = EfactReplyReader.Read(Shared("replies-pyconnector-tests/msg23_line292_920900.txt"))!;
        Assert.Equal(["10", "20", "50", "52", "80", "90", "91", "92"], settlement.Entries.Select(e => e.RecordType));
    }

    [SkippableFact]
    public void Every_real_reply_is_read()
    {
        foreach (var folder in new[] { "replies-pyconnector-tests", "replies-pyconnector-root", "replies-freehealth-tests" })
        foreach (var path in Directory.GetFiles(SharedFolder.File("efact-samples/efact/" + folder)))
        {
            var text = File.ReadAllText(path, Encoding.Latin1);
            var reply = EfactReplyReader.Read(text);
            Assert.NotNull(reply);
            if (reply!.MessageName is "920098" or "920099" or "920900")
                Assert.Equal((text.Length - 677) / 800, reply.Entries.Count);
        }
    }

    // ---- our answers, read back with the same reader ----

    [Fact]
    public void An_accepted_sending_gets_a_920098_with_records_10_and_90_like_the_real_ones()
    {
        var bytes = Bytes(Two);
        var answer = EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us);
        Assert.Equal("920098", answer.MessageName);
        // like msg32/msg36: 677 + 2 x 800 = 2277 characters
        Assert.Equal(2277, answer.Text.Length);
        var reply = EfactReplyReader.Read(answer.Text)!;
        Assert.Equal(("20240300000042", "20240402000001", "202403", "042", 0, "00"),
            (reply.SenderReference, reply.OaReference, reply.InvoicedMonth, reply.SendingNumber, reply.ErrorPercentage, reply.RefusalType));
        Assert.Equal(["10", "90"], reply.Entries.Select(e => e.RecordType));
        Assert.Equal(Record(Two, 0), reply.Entries[0].Record);
        Assert.Equal(Record(Two, 8), reply.Entries[1].Record);
        Assert.All(reply.Entries, e => Assert.Empty(e.Codes));
        Assert.Equal(("042", "111111", "018334780004"), (reply.Entries[0].SendingNumber, reply.Entries[0].InvoicedMonth, reply.Entries[0].ThirdParty));
        Assert.Equal(("99999999", "999999"), (reply.Entries[1].CreationDate, reply.Entries[1].Index));
        Assert.Equal("DUPONT", answer.Text.Substring(67 + 47, 6));
    }

    [Fact]
    public void A_partly_refused_sending_lists_the_refused_line_with_its_invoice_context()
    {
        // invoice 2, line 2 (record 6) dated after its end -> R500612: 1 of 3 lines refused = 33.33 %.
        var bytes = Bytes(SetZone(Two, 6, 25, "20240304"));
        var answer = EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us);
        var reply = EfactReplyReader.Read(answer.Text)!;
        Assert.Equal(("920098", "00", 3333), (reply.MessageName, reply.RefusalType, reply.ErrorPercentage));
        Assert.Equal(["10:000001", "20:000005", "50:000007", "80:000008", "90:000009"], reply.Entries.Select(e => $"{e.RecordType}:{e.Sequence}"));
        var line = reply.Entries[2];
        Assert.Equal(["R500612"], line.Codes);
        Assert.Equal(("319", "202403", "000002"), (line.Mutuality, line.InvoicedMonth, line.Index));
        Assert.StartsWith("R500612 zone 6: last service date 2024-03-04 is before the first 2024-03-05", line.Comment);
        Assert.Empty(reply.Entries[1].Codes);
    }

    [Fact]
    public void A_sending_with_a_broken_record_90_gets_a_920099_refusal_type_01()
    {
        var bytes = Bytes(SetZone(Two, 8, 88, "+00000005861"));
        var answer = EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us);
        var reply = EfactReplyReader.Read(answer.Text)!;
        Assert.Equal(("920099", "01", 10000), (reply.MessageName, reply.RefusalType, reply.ErrorPercentage));
        Assert.Equal(["10", "90"], reply.Entries.Select(e => e.RecordType));
        Assert.Equal(["B901910"], reply.Entries[1].Codes);
    }

    [Fact]
    public void A_sending_whose_invoices_are_all_refused_gets_a_920099()
    {
        // every line's record check digits wrong: B codes -> refusal type 01
        var file = Two;
        foreach (var r in new[] { 2, 5, 6 }) file = SetZone(file, r, 349, "00", restamp: false);
        var bytes = Bytes(file);
        var reply = EfactReplyReader.Read(EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us).Text)!;
        Assert.Equal(("920099", "01", 10000), (reply.MessageName, reply.RefusalType, reply.ErrorPercentage));
        Assert.Equal(["10", "20", "50", "80", "20", "50", "50", "80", "90"], reply.Entries.Select(e => e.RecordType));
        Assert.Equal(["B509902"], reply.Entries[2].Codes);
    }

    [Fact]
    public void A_wrong_record_95_gets_a_920999_with_the_record_and_its_error_zone()
    {
        var damaged = SetZone(Two, 9, 25, "00000002151");
        var bytes = Bytes(damaged);
        var answer = EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us);
        Assert.Equal("920999", answer.MessageName);
        Assert.Equal(577, answer.Text.Length); // like msg00/msg01: 227 + 350
        var reply = EfactReplyReader.Read(answer.Text)!;
        Assert.Equal("40", reply.Status);
        Assert.Equal([new EfactReplyZoneError("4041", "41")], reply.SummaryErrors);
        // the record as received, its zone 4041 (positions 36-37) set to 41
        Assert.Equal(Record(damaged, 9)[..35], reply.SummaryRecord![..35]);
        Assert.Equal("41", reply.SummaryRecord.Substring(35, 2));
    }

    [Fact]
    public void A_file_that_is_no_sending_gets_a_920999_without_record()
    {
        var bytes = Encoding.ASCII.GetBytes("hello");
        var answer = EfactAnswerWriter.Answer(EfactReader.Read("t", bytes), bytes, Us);
        Assert.Equal(("920999", 227), (answer.MessageName, answer.Text.Length));
        Assert.Equal("22", answer.Text.Substring(6, 2));
    }

    [Fact]
    public void The_acknowledgement_names_the_sending()
    {
        var bytes = Bytes(Two);
        var ack = EfactAnswerWriter.Acknowledgement(EfactReader.Read("t", bytes), bytes, Us);
        Assert.Equal(227, ack.Text.Length);
        var reply = EfactReplyReader.Read(ack.Text)!;
        Assert.Equal(("931000", "920000", "20240300000042"), (reply.MessageName, reply.AcknowledgedMessage, reply.SenderReference));
    }

    [Fact]
    public void Answers_to_damaged_files_never_throw_and_are_whole_entries()
    {
        var random = new Random(7);
        for (var n = 0; n < 300; n++)
        {
            var bytes = Bytes(Two);
            for (var k = 0; k < random.Next(1, 4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) bytes = bytes[..random.Next(bytes.Length)];
            var result = EfactReader.Read("t", bytes);
            var answer = EfactAnswerWriter.Answer(result, bytes, Us);
            Assert.All(answer.Text, c => Assert.InRange(c, ' ', '~'));
            if (answer.MessageName != "920999") Assert.Equal(0, (answer.Text.Length - 677) % 800);
            Assert.NotNull(EfactReplyReader.Read(answer.Text));
        }
    }
}
