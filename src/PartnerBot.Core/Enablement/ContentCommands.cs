using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Enablement;

/// <summary>"content &lt;words&gt;": the best matches the person may see; "content" alone opens the filter form.</summary>
public sealed class ContentCommand(ContentSearch search, ContentLinks links, IOptions<ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("content", CommandInfo.Everyone)
    {
        HelpKey = "help.content",
        Order = 400,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (arguments.Trim().Length == 0)
        {
            await ctx.BeginDialogAsync(ContentSearchDialog.DialogName, "", ct);
            return;
        }
        var problem = ContentSearch.Check(arguments.Trim(), program.Value.Enablement.MaxQueryLength);
        if (problem is QueryProblem.TooLong or QueryProblem.OnlyStopWords)
        {
            ctx.Send(ContentReplies.ProblemText(ctx, problem, program.Value.Enablement.MaxQueryLength), Visibility.Asker);
            return;
        }
        var result = await search.SearchAsync(ctx.Db, ctx.Actor, new ContentQuery(arguments.Trim()), ct);
        ctx.Send(ContentReplies.Results(ctx, links, arguments.Trim(), result.Hits));
    }
}

/// <summary>The filter form: words plus type, product, stage and language.</summary>
public sealed class ContentSearchDialog(ContentSearch search, ContentLinks links, IOptions<ProgramOptions> program) : Dialog<ContentSearchDialog.State>
{
    public const string DialogName = "content.search";

    public sealed class State
    {
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        ctx.Send(await FormAsync(ctx, new Dictionary<string, string>(), null, null, ct));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            ctx.Send(ctx.T("content.use-form"), Visibility.Asker);
            ctx.Send(await FormAsync(ctx, new Dictionary<string, string>(), null, null, ct));
            return DialogStatus.Waiting;
        }
        state.Attempts++;
        var v = action.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var query = new ContentQuery(v.GetValueOrDefault("words", ""), Pick(v, "type"), Pick(v, "product"), Pick(v, "stage"), Pick(v, "language"));
        var max = program.Value.Enablement.MaxQueryLength;
        var problem = ContentSearch.Check(query.Words, max);
        if (problem is QueryProblem.TooLong or QueryProblem.OnlyStopWords)
        {
            ctx.Send(await FormAsync(ctx, v, new() { ["words"] = ContentReplies.ProblemText(ctx, problem, max) }, null, ct));
            return DialogStatus.Waiting;
        }
        if (problem == QueryProblem.Empty && !query.HasFilters)
        {
            ctx.Send(await FormAsync(ctx, v, null, ctx.T("content.form.need-something"), ct));
            return DialogStatus.Waiting;
        }
        var result = await search.SearchAsync(ctx.Db, ctx.Actor, query, ct);
        ctx.Send(ContentReplies.Results(ctx, links, query.Words.Length > 0 ? query.Words : ctx.T("content.your-filters"), result.Hits));
        return DialogStatus.Done;
    }

    private static string? Pick(Dictionary<string, string> v, string key) => v.GetValueOrDefault(key) is { Length: > 0 } s ? s : null;

    private async Task<Reply> FormAsync(TurnContext ctx, Dictionary<string, string> values, Dictionary<string, string>? errors, string? formError,
        CancellationToken ct)
    {
        var products = await ctx.Db.ContentItems.AsNoTracking().Select(i => i.Product).Distinct().OrderBy(p => p).ToListAsync(ct);
        var stages = await ctx.Db.ContentItems.AsNoTracking().Select(i => i.Stage).Distinct().ToListAsync(ct);
        var any = new Choice("", ctx.T("content.form.any"));
        var fields = new List<FormField>
        {
            new("words", ctx.T("content.form.words"), FieldKind.Text)
            {
                Value = values.GetValueOrDefault("words"), Error = errors?.GetValueOrDefault("words"),
                Placeholder = ctx.T("content.form.words.placeholder"), MaxLength = program.Value.Enablement.MaxQueryLength,
            },
            new("type", ctx.T("content.form.type"), FieldKind.Choice)
            {
                Value = values.GetValueOrDefault("type", ""),
                Choices = [any, .. ContentLoader.Types.Select(t => new Choice(t, ctx.T($"content.type.{t}")))],
            },
            new("product", ctx.T("content.form.product"), FieldKind.Choice)
            {
                Value = values.GetValueOrDefault("product", ""),
                Choices = [any, .. products.Select(p => new Choice(p, ContentReplies.Title(p)))],
            },
            new("stage", ctx.T("content.form.stage"), FieldKind.Choice)
            {
                Value = values.GetValueOrDefault("stage", ""),
                Choices = [any, .. stages.Select(s => new Choice(s, ctx.T($"content.stage.{s}")))],
            },
            new("language", ctx.T("content.form.language"), FieldKind.Choice)
            {
                Value = values.GetValueOrDefault("language", ""),
                Choices = [any, .. Languages.All.Select(l => new Choice(l, SettingsDialog.LanguageName(l)))],
            },
        };
        return new Reply([new FormBlock(ctx.T("content.form.title"), fields, ctx.DialogSubmit())
        {
            Intro = ctx.T("content.form.intro"),
            SubmitLabel = ctx.T("content.form.search"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = formError ?? (errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null),
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("content.form.title") };
    }
}

/// <summary>"what's new": items the person may see, added since they last asked.</summary>
public sealed class WhatsNewCommand(ContentLinks links, IOptions<ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("whats-new", CommandInfo.Everyone)
    {
        HelpKey = "help.whats-new",
        Order = 410,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var marker = await ctx.Db.ContentLastLooked.FirstOrDefaultAsync(m => m.PersonId == ctx.Actor.PersonId, ct);
        var since = marker?.LookedAt ?? ctx.Now.AddDays(-program.Value.Enablement.WhatsNewFirstLookDays);
        var tiers = ContentSearch.VisibleTiers(program.Value, ctx.Actor, await ContentSearch.OrganisationTierAsync(ctx.Db, ctx.Actor, ct));
        var items = ctx.Db.ContentItems.AsNoTracking().Where(i => i.AddedAt > since && i.AddedAt <= ctx.Now);
        if (tiers is not null) items = items.Where(i => tiers.Contains(i.MinTier));
        var list = (await items.ToListAsync(ct)).OrderByDescending(i => i.AddedAt).ToList();

        if (marker is null) ctx.Db.ContentLastLooked.Add(new ContentLastLooked { PersonId = ctx.Actor.PersonId, LookedAt = ctx.Now });
        else marker.LookedAt = ctx.Now;

        var sinceText = ContentReplies.Date(ctx, since);
        if (list.Count == 0)
        {
            ctx.Send(ctx.T("content.new.none", sinceText), Visibility.Asker);
            return;
        }
        var blocks = new List<Block> { new TextBlock(ctx.T("content.new.heading", list.Count, sinceText), TextStyle.Heading) };
        foreach (var item in list.Take(20))
            ContentReplies.AddItem(ctx, links, blocks, item, ctx.T("content.new.added", ContentReplies.Date(ctx, item.AddedAt)));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("content.new.heading", list.Count, sinceText) });
    }
}

/// <summary>How content replies look, shared by the command, the form and "what's new".</summary>
public static class ContentReplies
{
    public static string ProblemText(TurnContext ctx, QueryProblem problem, int max) => problem switch
    {
        QueryProblem.TooLong => ctx.T("content.too-long", max),
        QueryProblem.OnlyStopWords => ctx.T("content.only-stop-words"),
        _ => ctx.T("content.form.need-something"),
    };

    /// <summary>Tracked links carry a token bound to the person, so results are shown to the asker only.</summary>
    public static Reply Results(TurnContext ctx, ContentLinks links, string query, IReadOnlyList<ContentHit> hits)
    {
        if (hits.Count == 0)
            return new Reply([
                new TextBlock(ctx.T("content.none", query)),
                new ActionsBlock([new ActionButton(ctx.T("content.open-filters"), ActionRef.Command(ctx.Say("content")))]),
            ]) { Visibility = Visibility.Asker };
        var blocks = new List<Block> { new TextBlock(ctx.T("content.results", hits.Count, query), TextStyle.Heading) };
        foreach (var hit in hits) AddItem(ctx, links, blocks, hit.Item, Why(ctx, hit));
        return new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("content.results", hits.Count, query) };
    }

    public static void AddItem(TurnContext ctx, ContentLinks links, List<Block> blocks, ContentItem item, string note)
    {
        blocks.Add(new TextBlock($"{item.Title}\n{ctx.T($"content.type.{item.Type}")} · {Title(item.Product)} · {SettingsDialog.LanguageName(item.Language)} · {ctx.T("content.min-tier", item.MinTier)}\n{item.Summary}"));
        blocks.Add(new TextBlock(note, TextStyle.Note));
        blocks.Add(new LinksBlock([new Link(ctx.T("content.open", item.Title), links.OpenUrl(item.Id, ctx.Actor.PersonId))]));
    }

    public static string Why(TurnContext ctx, ContentHit hit) =>
        hit.Why.Count == 0
            ? ctx.T("content.why.filters")
            : ctx.T("content.why", string.Join("; ", hit.Why.Select(f => $"{ctx.T($"content.field.{f.Field}")}: {string.Join(", ", f.Terms)}")));

    public static string Title(string product) => product.Length == 0 ? product : char.ToUpperInvariant(product[0]) + product[1..];

    public static string Date(TurnContext ctx, DateTimeOffset at) => Localization.LocaleFormat.For(ctx.Language).Date(at, ctx.Actor.TimeZone);
}
