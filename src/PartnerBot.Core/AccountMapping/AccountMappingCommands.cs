using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Audit;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.AccountMapping;

/// <summary>
/// "overlap": a partner sees which of its own shared accounts the vendor also knows (whatever it names: a partner
/// never asks about a company outside its list); staff name a partner they may see for the vendor's side of its
/// overlap, or name none for each of their partners' counts.
/// </summary>
public sealed class OverlapCommand(AccountOverlaps overlaps, IOptions<ProgramOptions> program) : ICommand
{
    public const string Name = "account-mapping";

    public CommandInfo Info { get; } = new(Name, CommandInfo.Everyone) { HelpKey = "help.account-mapping", Order = 460 };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var rules = program.Value.AccountMapping;
        var visible = ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking();
        var key = arguments.Trim();
        if (ctx.Actor.IsPartner || key.Length > 0)
        {
            var id = key.ToLowerInvariant();
            var org = ctx.Actor.IsPartner ? await visible.FirstOrDefaultAsync(ct) : await visible.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (org is null)
            {
                ctx.Send(ctx.T(ctx.Actor.IsPartner ? "accounts.none" : "accounts.not-found", key), Visibility.Asker);
                return;
            }
            var shared = await overlaps.SharedCountAsync(org.Id, ct);
            var found = await overlaps.ForAsync(org.Id, notAlertedOnly: false, ct);
            var partner = ctx.Actor.IsPartner;
            var title = ctx.T(partner ? "accounts.partner.title" : "accounts.vendor.title", org.Name, found.Count, shared);
            var blocks = new List<Block> { new TextBlock(title, TextStyle.Heading) };
            if (shared == 0) blocks.Add(new TextBlock(ctx.T(partner ? "accounts.partner.share-first" : "accounts.vendor.none-shared")));
            else if (found.Count == 0) blocks.Add(new TextBlock(ctx.T("accounts.no-overlap")));
            else
            {
                var side = partner ? null : await AccountOverlapView.VendorSideAsync(ctx.Db, ctx.Actor, found, ctx.T, ct);
                blocks.AddRange(AccountOverlapView.ListBlocks(found, partner, side, ctx.T, rules));
            }
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = title });
            return;
        }

        var orgs = await visible.OrderBy(o => o.Id).ToListAsync(ct);
        if (orgs.Count == 0)
        {
            ctx.Send(ctx.T("accounts.none"), Visibility.Asker);
            return;
        }
        var facts = new List<Fact>();
        foreach (var org in orgs)
        {
            var shared = await overlaps.SharedCountAsync(org.Id, ct);
            if (shared == 0) continue;
            var found = await overlaps.ForAsync(org.Id, notAlertedOnly: false, ct);
            facts.Add(new Fact(org.Name, ctx.T("accounts.staff.row", found.Count, shared, found.Count(o => o.VendorAccount), found.Count(o => o.Registered))));
        }
        var staffTitle = ctx.T("accounts.staff.title", facts.Count, orgs.Count);
        var reply = new List<Block> { new TextBlock(staffTitle, TextStyle.Heading) };
        if (facts.Count > 0) reply.Add(new FactsBlock(facts.Take(rules.MaxListed).ToList()));
        reply.Add(new TextBlock(ctx.T("accounts.staff.more"), TextStyle.Note));
        ctx.Send(new Reply(reply) { Visibility = Visibility.Asker, Summary = staffTitle });
    }
}

/// <summary>
/// "share accounts" followed by CSV lines (id,name,domain,kind): a partner user adds to or updates its own
/// organisation's shared list through the partner-accounts import, all rows or none, and hears what it did and how many
/// of its accounts now overlap. Staff load a partner's list with the import on the command line or the API.
/// </summary>
public sealed class ShareAccountsCommand(IServiceScopeFactory scopes, AccountOverlaps overlaps) : ICommand
{
    public const string Name = "share-accounts";
    /// <summary>Problems named in the answer; the rest are counted.</summary>
    public const int ListedProblems = 10;

    public CommandInfo Info { get; } = new(Name, CommandInfo.Partners) { HelpKey = "help.share-accounts", Order = 461 };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var own = OrganisationAccess.OwnOrganisationId(ctx.Actor);
        if (own is null || !arguments.Contains('\n'))
        {
            ctx.Send(ctx.T(own is null ? "accounts.none" : "accounts.share.how"), Visibility.Asker);
            return;
        }
        // In a unit of work of its own, audited as the person: the import commits (or rolls back) by itself, and
        // leaves the turn's own changes to the turn's save.
        ImportReport report;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditScope>().Set(ctx.Actor.PersonId, ctx.Turn.Channel);
            await using var source = new CsvImportSource(new MemoryStream(Encoding.UTF8.GetBytes(arguments.Trim())));
            report = await scope.ServiceProvider.GetRequiredService<ImportRunner>().ImportAsync(PartnerAccountImporter.KindName,
                new OwnOrganisationSource(source, own), new ImportOptions(), null, ct);
        }
        if (!report.Applied)
        {
            var problems = report.Problems.Take(ListedProblems).Select(p => new Fact(ctx.T("accounts.share.row", p.Row), p.Column is null ? p.Reason : $"{p.Column}: {p.Reason}")).ToList();
            var refused = report.Rows == 0 ? ctx.T("accounts.share.header") : ctx.T("accounts.share.refused", report.Refused, report.Rows);
            var blocks = new List<Block> { new TextBlock(refused, TextStyle.Warning) };
            if (problems.Count > 0) blocks.Add(new FactsBlock(problems));
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = refused });
            return;
        }
        var found = await overlaps.ForAsync(own, notAlertedOnly: false, ct);
        var shared = await overlaps.SharedCountAsync(own, ct);
        ctx.Send(ctx.T("accounts.share.done", report.Added, report.Updated, report.Unchanged, shared, found.Count), Visibility.Asker);
    }
}
