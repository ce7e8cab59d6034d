using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Core.Tests;

public sealed class RouterTests
{
    private sealed class Cmd(string name, IReadOnlySet<Role> roles, params string[] phrases) : ICommand
    {
        public CommandInfo Info { get; } = new(name, roles);
        public CommandWords Words { get; } = Vocab(name, phrases);
        public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>The same phrases in every language: these tests are about matching, not about languages.</summary>
    private static CommandWords Vocab(string name, params string[] phrases) => CommandWords.InEveryLanguage(name, phrases);

    private static Router Build(params Cmd[] commands) => new(commands, new Vocabulary(commands.Select(c => c.Words)));

    private static readonly Router Router = Build(
        new Cmd("help", CommandInfo.Everyone, "help", "pomoc", "帮助"),
        new Cmd("deals", CommandInfo.Partners, "my deals", "moje transakcje"),
        new Cmd("my", CommandInfo.Everyone, "my"),
        new Cmd("register", CommandInfo.Partners, "register", "register a deal", "注册"),
        new Cmd("queue", CommandInfo.Staff, "review queue"));

    private static readonly Router WithQuestions = BuildWithAsk(
        new Cmd("deals", CommandInfo.Partners, "my deals"),
        new Cmd("register", CommandInfo.Partners, "register", "register a deal"),
        new Cmd("mdf", CommandInfo.Everyone, "mdf", "mdf plan"),
        new Cmd("commission", CommandInfo.Everyone, "commission", "komisen", "prowizja", "佣金"));

    private static Router BuildWithAsk(params Cmd[] commands)
    {
        var ask = new Ask();
        return new Router([.. commands, ask], new Vocabulary(commands.Select(c => c.Words).Append(ask.Words)));
    }

    private sealed class Ask : ICommand
    {
        public CommandInfo Info { get; } = new("ask", CommandInfo.Everyone) { TakesQuestion = true };
        public CommandWords Words { get; } = Vocab("ask", "ask", "zapytaj");
        public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) => Task.CompletedTask;
    }

    [Theory]
    [InlineData("MDF percentage by tier?")]
    [InlineData("mdf how much can we spend")]
    [InlineData("commission for resellers at gold?")]
    [InlineData("komisen berapa peratus untuk reseller")]
    [InlineData("Prowizja: ile wynosi dla partnera polecającego")]
    [InlineData("prowizja czy jest liczona od MRR")]
    [InlineData("佣金 怎么算")]
    [InlineData("佣金：经销商多少")]
    [InlineData("my deals are protected how long?")]
    public void Match_AMessageThatReadsAsAQuestion_IsNoCommand_EvenWhenItBeginsWithACommandWord(string text) =>
        Assert.Null(WithQuestions.Match(text, Role.PartnerUser));

    [Theory]
    [InlineData("mdf", "mdf", "")]
    [InlineData("MDF?", "mdf", "")]
    [InlineData("mdf plan", "mdf", "")]
    [InlineData("commission DR-7KQ2M9XA3B", "commission", "DR-7KQ2M9XA3B")]
    [InlineData("佣金", "commission", "")]
    [InlineData("register Acme Corp, about $40k, closing end of next month", "register", "Acme Corp, about $40k, closing end of next month")]
    [InlineData("ask how do I reach Gold?", "ask", "how do I reach Gold?")]
    [InlineData("zapytaj: czy MDF obejmuje webinary?", "ask", "czy MDF obejmuje webinary?")]
    // Question words with nothing asked: the command answers (content's "only common words")
    [InlineData("mdf what is the", "mdf", "what is the")]
    [InlineData("commission how is it?", "commission", "how is it?")]
    [InlineData("komisen apa yang ini?", "commission", "apa yang ini?")]
    [InlineData("prowizja jak to jest", "commission", "jak to jest")]
    [InlineData("佣金 什么的吗？", "commission", "什么的吗？")]
    public void Match_CommandsStayCommands_AndAskTakesItsQuestion(string text, string command, string args)
    {
        var match = WithQuestions.Match(text, Role.PartnerUser);
        Assert.NotNull(match);
        Assert.Equal(command, match.Command.Info.Name);
        Assert.Equal(args, match.Arguments);
    }

    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("  HELP  ", "help", "")]
    [InlineData("help?", "help", "")]
    [InlineData("/help", "help", "")]
    [InlineData("Pomoc", "help", "")]
    [InlineData("帮助", "help", "")]
    [InlineData("帮助？", "help", "")]
    [InlineData("my deals", "deals", "")]
    [InlineData("my   deals please", "deals", "please")]
    [InlineData("my stuff", "my", "stuff")]
    [InlineData("Moje transakcje", "deals", "")]
    [InlineData("register a deal", "register", "")]
    [InlineData("register Acme Corp, about $40k", "register", "Acme Corp, about $40k")]
    [InlineData("注册 阿尔法公司", "register", "阿尔法公司")]
    [InlineData("注册：阿尔法公司", "register", "阿尔法公司")]
    [InlineData("register: Acme Corp", "register", "Acme Corp")]
    [InlineData("注册DR-1042", "register", "DR-1042")]      // a Chinese phrase runs straight into a Latin id
    [InlineData("注册DR１０４２", "register", "DR１０４２")]   // full-width digits are of no script: still an id
    [InlineData("注册Acme，谢谢", "register", "Acme，谢谢")]
    public void Match_FindsLongestPhrase_AndKeepsArgumentsAsTyped(string text, string command, string args)
    {
        var match = Router.Match(text, Role.PartnerUser);
        Assert.NotNull(match);
        Assert.Equal(command, match.Command.Info.Name);
        Assert.Equal(args, match.Arguments);
    }

    [Theory]
    [InlineData("helpful tips")]
    [InlineData("registered")]
    [InlineData("what is MDF")]
    [InlineData("帮助一下")]          // no space in Chinese: a phrase must end at punctuation or the end
    [InlineData("注册保护多久")]
    [InlineData("注册Acme公司要多久")]   // a Latin word running on into Chinese is part of a sentence
    [InlineData("helpdesk")]
    [InlineData("")]
    [InlineData("   ")]
    public void Match_WholeWordsOnly_ElseNothing(string text) =>
        Assert.Null(Router.Match(text, Role.PartnerUser));

    [Fact]
    public void Match_CommandForAnotherRole_IsFoundButNotAllowed()
    {
        var match = Router.Match("review queue", Role.PartnerUser);
        Assert.NotNull(match);
        Assert.False(match.Allowed);
        Assert.True(Router.Match("review queue", Role.Rep)!.Allowed);
    }

    [Fact]
    public void CommandsFor_ListsOnlyTheRolesCommands()
    {
        Assert.Equal(["help", "my", "queue"], Router.CommandsFor(Role.Rep).Select(c => c.Info.Name));
        Assert.Equal(["help", "deals", "my", "register"], Router.CommandsFor(Role.PartnerUser).Select(c => c.Info.Name));
    }

    [Fact]
    public void SamePhraseForTwoCommands_IsRefusedAtStart()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            Build(new Cmd("a", CommandInfo.Everyone, "status"), new Cmd("b", CommandInfo.Everyone, "Status")));
        Assert.Contains("'status' is claimed by more than one command: a, b", ex.Message);
    }

    [Fact]
    public void CommandWithoutWords_IsRefusedAtStart()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new Router([new Cmd("orphan", CommandInfo.Everyone, "orphan")], new Vocabulary([Vocab("other", "other")])));
        Assert.Contains("'orphan' has no words", ex.Message);
    }

    [Theory]
    [InlineData("Żółć", "zolc")]
    [InlineData("Łódź", "lodz")]
    [InlineData("  a   b  ", "a b")]
    [InlineData("Help!", "help")]
    [InlineData("帮助？", "帮助")]
    public void Normalize_FoldsCaseAccentsSpacesAndPunctuation(string input, string expected) =>
        Assert.Equal(expected, Router.Normalize(input));
}
