using System.Text.RegularExpressions;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;

namespace PartnerBot.Core.Tests;

/// <summary>
/// The product's real vocabulary (every capability's *.words.json), routed by the real router: the words Malay,
/// Chinese and Polish partners type first reach their command, and questions that merely start like a command do not.
/// </summary>
public sealed partial class VocabularyTests
{
    private sealed class Named(string name) : ICommand
    {
        // As AskCommand declares: "ask" takes a question, so a question after its word stays with it.
        public CommandInfo Info { get; } = new(name, CommandInfo.Everyone) { TakesQuestion = name == "ask" };
        public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) => Task.CompletedTask;
    }

    private static readonly Vocabulary Words = new();
    private static readonly Router Router = new(Words.Commands.Select(n => new Named(n)), Words);

    private static void AssertRoutes(string text, string command, string args)
    {
        var match = Router.Match(text, Role.PartnerUser);
        Assert.True(match is not null, $"\"{text}\" reaches no command; expected {command}");
        Assert.Equal((command, args), (match.Command.Info.Name, match.Arguments));
    }

    [Theory]
    [InlineData("urus niaga saya", "deal.mine", "")]
    [InlineData("Urusan saya", "deal.mine", "")]
    [InlineData("deal saya", "deal.mine", "")]
    [InlineData("daftar urusan Kedai Awan Sdn Bhd, RM 50k, tutup bulan depan", "deal.register", "Kedai Awan Sdn Bhd, RM 50k, tutup bulan depan")]
    [InlineData("daftar deal: Syarikat Maju", "deal.register", "Syarikat Maju")]
    [InlineData("komisen DR-1042", "commission", "DR-1042")]
    [InlineData("penyata komisen", "commission", "")]
    [InlineData("tahap saya?", "tier", "")]
    [InlineData("peringkat", "tier", "")]
    [InlineData("lanjutkan DR-1042", "deal.extend", "DR-1042")]
    [InlineData("panjangkan DR-1042", "deal.extend", "DR-1042")]
    [InlineData("bahan pemasaran", "content", "")]
    [InlineData("cari bahan kalkulator roi", "content", "kalkulator roi")]
    [InlineData("apa yang baru?", "whats-new", "")]
    [InlineData("mdf tuntut", "mdf-claim", "")]
    [InlineData("baki mdf", "mdf", "")]
    [InlineData("tukar bahasa", "settings", "")]
    [InlineData("batalkan", "cancel", "")]
    [InlineData("semakan", "deal.queue", "")]
    [InlineData("tutup urusan DR-1042", "close", "DR-1042")]
    [InlineData("bayar komisen acme", "payout", "acme")]
    [InlineData("ringkasan", "digest", "")]
    public void MalayWords_ReachTheirCommand(string text, string command, string args) => AssertRoutes(text, command, args);

    [Theory]
    [InlineData("级别", "tier", "")]
    [InlineData("我的级别？", "tier", "")]
    [InlineData("等级", "tier", "")]
    [InlineData("等级acme", "tier", "acme")]
    [InlineData("商机登记 阿尔法公司，约30万，下月底签约", "deal.register", "阿尔法公司，约30万，下月底签约")]
    [InlineData("报备：阿尔法公司", "deal.register", "阿尔法公司")]
    [InlineData("报备商机", "deal.register", "")]
    [InlineData("项目报备 蓝海科技", "deal.register", "蓝海科技")]
    [InlineData("我的商机", "deal.mine", "")]
    [InlineData("我的报备", "deal.mine", "")]
    [InlineData("提成", "commission", "")]
    [InlineData("佣金DR-1042", "commission", "DR-1042")]
    [InlineData("延期DR-1042", "deal.extend", "DR-1042")]
    [InlineData("申请延期 DR-1042", "deal.extend", "DR-1042")]
    [InlineData("MDF报销", "mdf-claim", "")]
    [InlineData("mdf 计划", "mdf-plan", "")]
    [InlineData("市场发展基金", "mdf", "")]
    [InlineData("有什么新内容？", "whats-new", "")]
    [InlineData("资料 投资回报率", "content", "投资回报率")]
    [InlineData("待审批", "deal.queue", "")]
    [InlineData("结单 DR-1042", "close", "DR-1042")]
    [InlineData("切换语言", "settings", "")]
    [InlineData("算了", "cancel", "")]
    [InlineData("您好", "help", "")]
    public void ChineseWords_ReachTheirCommand(string text, string command, string args) => AssertRoutes(text, command, args);

    [Theory]
    [InlineData("moje transakcje", "deal.mine", "")]
    [InlineData("Moje deale", "deal.mine", "")]
    [InlineData("prowizja", "commission", "")]
    [InlineData("moje prowizje", "commission", "")]
    [InlineData("poziom", "tier", "")]
    [InlineData("mój poziom?", "tier", "")]
    [InlineData("moj poziom", "tier", "")]                      // typed without Polish letters
    [InlineData("przedłuż DR-1042", "deal.extend", "DR-1042")]
    [InlineData("przedluz DR-1042", "deal.extend", "DR-1042")]
    [InlineData("zgłoś transakcję Wisła Systemy, 50 000 PLN", "deal.register", "Wisła Systemy, 50 000 PLN")]
    [InlineData("zglos transakcje Wisła Systemy", "deal.register", "Wisła Systemy")]
    [InlineData("materiały", "content", "")]
    [InlineData("co nowego?", "whats-new", "")]
    [InlineData("rozlicz mdf", "mdf-claim", "")]
    [InlineData("zaplanuj mdf", "mdf-plan", "")]
    [InlineData("zmień język", "settings", "")]
    [InlineData("przerwij", "cancel", "")]
    [InlineData("do przeglądu", "deal.queue", "")]
    [InlineData("zamknij transakcję DR-1042", "close", "DR-1042")]
    [InlineData("wypłać prowizję acme", "payout", "acme")]
    [InlineData("podsumowanie", "digest", "")]
    [InlineData("zapytaj jak długo trwa ochrona?", "ask", "jak długo trwa ochrona?")]
    public void PolishWords_ReachTheirCommand(string text, string command, string args) => AssertRoutes(text, command, args);

    [Theory]
    [InlineData("交易注册保护多久？")]
    [InlineData("报备保护多久？")]
    [InlineData("商机登记需要什么资料？")]
    [InlineData("等级Gold需要什么条件？")]
    [InlineData("mdf预算是多少？")]
    [InlineData("佣金怎么计算？")]
    [InlineData("tahapan program ini?")]
    [InlineData("poziomy partnerskie?")]
    [InlineData("prowizjach za odsprzedaż?")]
    [InlineData("registered deals expire when?")]
    public void Questions_ThatOnlyStartLikeACommand_ReachNoCommand(string question) =>
        Assert.Null(Router.Match(question, Role.PartnerUser));

    [Fact]
    public void EveryCommand_HasWordsInEveryLanguage_AndHelpShowsThemInThePersonsLanguage()
    {
        Assert.Equal("urusan saya", Words.Example("deal.mine", Languages.Malay));
        Assert.Equal("延期 DR-…", Words.Example("deal.extend", Languages.Chinese));
        Assert.Equal("wypłata acme", Words.Example("payout", Languages.Polish));
        Assert.Equal("tanya bagaimana mencapai tahap Gold?", Words.Example("ask", Languages.Malay));
        foreach (var command in Words.Commands)
            foreach (var language in Languages.All)
            {
                var example = Words.Example(command, language);
                var match = Router.Match(example, Role.PartnerUser);
                Assert.True(match?.Command.Info.Name == command, $"help's \"{example}\" ({language}) does not start {command}");
            }
    }

    [Fact]
    public void Vocabulary_RefusesAPhraseForTwoCommands_AMissingLanguage_AndAnAliasThatIsAnotherCommandsWord()
    {
        CommandWords W(string name, string phrase, string? alias = null) =>
            new(name, Languages.All.ToDictionary(l => l, IReadOnlyList<string> (_) => [phrase]), null, alias is null ? null : [alias]);

        Assert.Contains("'poziom' is claimed by more than one command",
            Assert.Throws<InvalidOperationException>(() => new Vocabulary([W("tier", "poziom"), W("level", "Poziom")])).Message);
        Assert.Contains("'deal' is claimed by more than one command",
            Assert.Throws<InvalidOperationException>(() => new Vocabulary([W("a", "deal"), W("b", "register", alias: "deal")])).Message);
        var englishOnly = new CommandWords("tier", new Dictionary<string, IReadOnlyList<string>> { ["en"] = ["tier"] });
        Assert.Contains("'tier' has no words in 'ms'", Assert.Throws<InvalidOperationException>(() => new Vocabulary([englishOnly])).Message);
    }

    /// <summary>
    /// A sentence that tells a person what to type names the command in that person's language: a quoted command in
    /// a Malay, Chinese or Polish sentence is one of that language's own words for it, never the English ones.
    /// </summary>
    [Fact]
    public void Sentences_NameCommandsInTheirOwnLanguage()
    {
        var localizer = new Localizer(Words);
        var problems = new List<string>();
        foreach (var language in Languages.All)
            foreach (var key in localizer.Keys(language))
                foreach (Match quoted in Quoted().Matches(localizer.Get(language, key)))
                {
                    var text = quoted.Groups[1].Value.Trim();
                    var match = Router.Match(text, Role.PartnerUser);
                    if (match is null) continue;
                    var own = Words.Words(match.Command.Info.Name).Phrases[language].Select(Router.Normalize);
                    if (!own.Any(p => Router.Normalize(text).StartsWith(p, StringComparison.Ordinal)))
                        problems.Add($"{language} {key}: \"{text}\"");
                }
        Assert.Empty(problems);
    }

    [Fact]
    public void SayTokens_AreResolvedInTheSentencesLanguage()
    {
        var localizer = new Localizer(Words);
        Assert.Contains("\"mdf 计划\"", localizer.Get(Languages.Chinese, "mdf.claim.none-approved"));
        Assert.Contains("\"tutup urusan DR-…\"", localizer.Get(Languages.Malay, "commission.close.which"));
        Assert.Contains("„zamknij DR-…”", localizer.Get(Languages.Polish, "commission.close.which"));
        Assert.DoesNotContain(Languages.All.SelectMany(l => localizer.Keys(l).Select(k => localizer.Get(l, k))), s => s.Contains("{say:", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => Words.Resolve("type {say:no-such-command}", Languages.English));
    }

    [GeneratedRegex("[\"“„「]([^\"”“」]+)[\"”」]")]
    private static partial Regex Quoted();
}
