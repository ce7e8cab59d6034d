using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Knowledge;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>The assistant with no model configured (the embedded default): cited excerpts, "I don't know", and the way to the rep.</summary>
public sealed class AssistantOfflineTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Decoded(ChatMessage m) => WebUtility.HtmlDecode(m.Html ?? m.Text ?? "");

    /// <summary>The message as a person reads it: tags removed, entities decoded.</summary>
    private static string Plain(ChatMessage m) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(m.Html ?? m.Text ?? "", "<[^>]+>", ""));

    [Fact]
    public async Task Ask_NoModel_QuotesPassagesUnderALead_WithDocumentAndSection()
    {
        var messages = await _host.Chat("acme-jane").SayAsync("ask how long is a deal registration protected?");

        var reply = Decoded(messages[^1]);
        Assert.Contains("Excerpts from the program documents that best match your question (quoted as written, not a summary):", reply);
        Assert.Contains("[1] Deal registration: rules of engagement › How long a registration is protected", reply);
        Assert.Contains("An approved registration is protected for 90 days.", reply);
        Assert.Contains("Sources:", reply);
        Assert.Contains("• Deal registration: rules of engagement › How long a registration is protected (en/deal-registration.md)", reply);
    }

    [Fact]
    public async Task UnrecognisedSentence_GoesToTheAssistant()
    {
        var messages = await _host.Chat("acme-jane").SayAsync("How do I reach Gold?");

        var reply = Decoded(messages[^1]);
        Assert.Contains("Excerpts from the program documents", reply);
        Assert.Contains("(en/tiers.md)", reply);
        Assert.DoesNotContain("Sorry, I didn't understand that.", reply);
    }

    [Fact]
    public async Task HowDoIReachGold_NoModel_QuotesTheGoldCriteria_AndTheAskersOwnGap_ToThemAlone()
    {
        var messages = await _host.Chat("borealis-lena").SayAsync("how do I reach Gold?");

        var reply = Plain(messages[^1]);
        Assert.Contains("Gold needs 200,000 USD or more in annual revenue", reply);
        Assert.Contains("Where your organisation stands, from PartnerBot's records:", reply);
        Assert.Contains("• Organisation: Borealis Resale GmbH", reply);
        Assert.Contains("• Current tier: Silver", reply);
        Assert.Contains("• Next tier: Gold", reply);
        Assert.Contains("• Still needed for the next tier:", reply);
        Assert.Contains("• Your organisation's records in PartnerBot: Tier", reply);
    }

    [Theory]
    [InlineData("wisla-piotr", "czego nam brakuje do poziomu Gold?", "(pl/tiers.md)", "Wisła Systemy Sp. z o.o.")]
    [InlineData("kedai-aisyah", "macam mana kami nak naik ke Silver?", "(ms/tiers.md)", "Kedai Awan Sdn Bhd")]
    public async Task OwnTierQuestion_InTheirLanguage_AnswersFromTheirDocument_WithTheirOwnFigures(string person, string question, string source, string organisation)
    {
        var reply = Plain((await _host.Chat(person).SayAsync(question))[^1]);

        Assert.Contains(source, reply);
        Assert.Contains($"• Organisation: {organisation}", reply);
        Assert.Contains("• Next tier:", reply);
    }

    [Fact]
    public async Task GeneralQuestion_HasNoPersonalFigures_AndIsNotPrivate()
    {
        var messages = await _host.Chat("borealis-lena").SayAsync("what does Gold need?");

        var reply = Plain(messages[^1]);
        Assert.Contains("Gold needs 200,000 USD", reply);
        Assert.DoesNotContain("Where your organisation stands", reply);
    }

    [Theory]
    [InlineData("acme-jane", "MDF percentage by tier?", "(en/mdf.md)")]
    [InlineData("wisla-piotr", "MDF: jaki procent na poziomie Gold?", "(pl/mdf.md)")]
    public async Task QuestionBeginningWithACommandWord_GoesToTheAssistant_NotTheCommand(string person, string question, string source)
    {
        var reply = Plain((await _host.Chat(person).SayAsync(question))[^1]);

        Assert.Contains(source, reply);
        Assert.Contains("4%", reply);
    }

    [Fact]
    public async Task Polish_TopicOnlyInEnglish_QuotesTheRightEnglishPassage_WithANote_NotAnUnrelatedPolishOne()
    {
        await WithoutTranslationsAsync("pl/co-selling.md");

        var reply = Plain((await _host.Chat("wisla-piotr").SayAsync("jak dzielona jest prowizja, gdy sprzedajemy razem z waszą sprzedażą bezpośrednią?"))[^1]);

        Assert.Contains("Dokumenty programu nie opisują tego w Twoim języku, więc ta odpowiedź pochodzi z dokumentów angielskich.", reply);
        Assert.Contains("(en/co-selling.md)", reply);
        Assert.DoesNotContain("(pl/commission.md)", reply);
    }

    [Fact]
    public async Task Ask_Empty_AsksWhatTheyWantToKnow()
    {
        var messages = await _host.Chat("acme-jane").SayAsync("ask");

        Assert.Equal("What would you like to know? Type your question after \"ask\", for example: ask how long is a deal registration protected?",
            Plain(messages[^1]));
    }

    [Fact]
    public async Task Ask_InChinese_AnswersInChineseFromTheChineseDocument()
    {
        var messages = await _host.Chat("lotus-wei").SayAsync("交易注册保护多久？");

        var reply = Decoded(messages[^1]);
        Assert.Contains("以下是与您的问题最相关的计划文档摘录（原文引用，并非总结）：", reply);
        Assert.Contains("(zh-Hans/deal-registration.md)", reply);
        Assert.Contains("获批准的注册受保护 90 天", reply);
    }

    /// <summary>
    /// The demo program as one that has not translated some articles yet (the demo has every article in every
    /// language): the knowledge base is loaded again without <paramref name="untranslated"/>.
    /// </summary>
    private Task WithoutTranslationsAsync(params string[] untranslated)
    {
        var demo = Path.Combine(DatabaseStartup.ResolveFolder(new ProgramDataOptions().Path), "knowledge");
        return _host.IngestKnowledgeAsync(folder =>
        {
            foreach (var file in Directory.GetFiles(demo, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(demo, file);
                if (untranslated.Contains(relative.Replace('\\', '/'))) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, relative))!);
                File.Copy(file, Path.Combine(folder, relative));
            }
        });
    }

    [Fact]
    public async Task Ask_InMalay_TopicOnlyInEnglish_AnswersFromEnglishAndSaysSo()
    {
        await WithoutTranslationsAsync("ms/incentives.md");

        var messages = await _host.Chat("kedai-aisyah").SayAsync("tanya apakah itu SPIF?");

        var reply = Decoded(messages[^1]);
        Assert.Contains("Petikan daripada dokumen program", reply);
        Assert.Contains("Dokumen program tidak merangkumi perkara ini dalam bahasa anda, jadi jawapan ini diambil daripada dokumen bahasa Inggeris.", reply);
        Assert.Contains("(en/incentives.md)", reply);
    }

    [Fact]
    public async Task AskService_TenThousandCharacters_IsCutWithANote()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var actor = Actor.From(await db.People.SingleAsync(p => p.Id == "acme-jane"));
        var question = "How long is a deal registration protected? " + new string('x', 10_000 - 43);

        var answer = await scope.ServiceProvider.GetRequiredService<KnowledgeAssistant>().AskAsync(actor, question);

        Assert.Equal(10_000, question.Length);
        Assert.Equal(AnswerKind.Excerpts, answer.Kind);
        Assert.Contains(answer.Reply.Blocks, b => b is PartnerBot.Conversations.TextBlock { Text: "Your question was 10,000 characters long, so I read only the first 1,000." });
        Assert.Contains("Deal registration: rules of engagement › How long a registration is protected (en/deal-registration.md)", answer.Sources);
    }

    [Fact]
    public async Task NotFound_PartnerPassesItToTheRep_RepAnswers_AnswerReachesThePartner()
    {
        var jane = _host.Chat("acme-jane");
        var notFound = await jane.SayAsync("What is the weather in Paris tomorrow?");
        var reply = Decoded(notFound[1]);
        Assert.Contains("I don't know: nothing in the program documents answers that, and I won't guess.", reply);

        var escalate = WebChatClient.ActionData(notFound[1].Html!, AssistantActions.Escalate);
        var escalated = await jane.ActAsync(AssistantActions.Escalate, escalate);
        Assert.Equal("Done: I've passed your question to Maya Lindqvist. Their answer will come to you here.", Plain(escalated[^1]));

        Assert.Equal(1, await _host.DeliverOutboxAsync());
        var maya = _host.Chat("rep-maya");
        var inbox = await maya.ReadAsync();
        var toRep = Decoded(inbox[^1]);
        Assert.Contains("Jane Porter at Acme Integrations Ltd asked a question the program documents don't answer:", toRep);
        Assert.Contains("“What is the weather in Paris tomorrow?”", toRep);

        var form = WebChatClient.ActionData(inbox[^1].Html!, AssistantActions.Answer);
        form["answer"] = "Sunny, but that is not a program question.";
        var sent = await maya.ActAsync(AssistantActions.Answer, form);
        Assert.Equal("Sent your answer to Jane Porter.", Plain(sent[^1]));

        Assert.Equal(1, await _host.DeliverOutboxAsync());
        var back = Decoded((await jane.ReadAsync())[^1]);
        Assert.Contains("Maya Lindqvist answered your question:", back);
        Assert.Contains("You asked: “What is the weather in Paris tomorrow?”", back);
        Assert.Contains("Sunny, but that is not a program question.", back);

        var stored = await _host.WithDbAsync(db => db.KnowledgeQuestions.SingleAsync());
        Assert.Equal((KnowledgeQuestionStatus.Answered, "rep-maya", "acme"), (stored.Status, stored.AnsweredByPersonId, stored.PartnerOrganisationId));
    }

    [Fact]
    public async Task Escalate_SomeoneElsesQuestion_IsRefused_AndNothingIsSent()
    {
        var notFound = await _host.Chat("acme-jane").SayAsync("What is the weather in Paris tomorrow?");
        var escalate = WebChatClient.ActionData(notFound[1].Html!, AssistantActions.Escalate);

        var refused = await _host.Chat("borealis-lena").ActAsync(AssistantActions.Escalate, escalate);

        Assert.Equal("That button no longer does anything. Type \"help\" to see what you can do now.", Plain(refused[^1]));
        Assert.Equal(0, await _host.DeliverOutboxAsync());
    }

    [Fact]
    public async Task Answer_ByARepWhoDoesNotOwnThePartner_IsRefused()
    {
        var jane = _host.Chat("acme-jane");
        var notFound = await jane.SayAsync("What is the weather in Paris tomorrow?");
        await jane.ActAsync(AssistantActions.Escalate, WebChatClient.ActionData(notFound[1].Html!, AssistantActions.Escalate));
        await _host.DeliverOutboxAsync();
        var form = WebChatClient.ActionData((await _host.Chat("rep-maya").ReadAsync())[^1].Html!, AssistantActions.Answer);
        form["answer"] = "Not mine to answer.";

        var refused = await _host.Chat("rep-arjun").ActAsync(AssistantActions.Answer, form);

        Assert.Equal("That button no longer does anything. Type \"help\" to see what you can do now.", Plain(refused[^1]));
        Assert.Equal(0, await _host.DeliverOutboxAsync());
        Assert.Equal(KnowledgeQuestionStatus.Escalated, await _host.WithDbAsync(db => db.KnowledgeQuestions.Select(q => q.Status).SingleAsync()));
    }

    [Fact]
    public async Task Answer_Empty_AsksForText_AndKeepsTheQuestionOpen()
    {
        var jane = _host.Chat("acme-jane");
        var notFound = await jane.SayAsync("What is the weather in Paris tomorrow?");
        await jane.ActAsync(AssistantActions.Escalate, WebChatClient.ActionData(notFound[1].Html!, AssistantActions.Escalate));
        await _host.DeliverOutboxAsync();
        var maya = _host.Chat("rep-maya");
        var form = WebChatClient.ActionData((await maya.ReadAsync())[^1].Html!, AssistantActions.Answer);
        form["answer"] = "   ";

        var reply = await maya.ActAsync(AssistantActions.Answer, form);

        Assert.Equal("The answer is empty: write something before sending.", Plain(reply[^1]));
        Assert.Equal(KnowledgeQuestionStatus.Escalated, await _host.WithDbAsync(db => db.KnowledgeQuestions.Select(q => q.Status).SingleAsync()));
    }
}
