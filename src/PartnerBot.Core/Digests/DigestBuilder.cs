using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>Builds one person's digest from the registered sections, within every channel's size limits.</summary>
/// <remarks>
/// Pass one <see cref="DigestDataCache"/> to every build of a pass (the scheduler does): the rows are then loaded once for
/// all recipients instead of once each.
/// </remarks>
public sealed class DigestBuilder(PartnerBotDb db, IEnumerable<IDigestSection> sections, Localizer localizer, IOptions<ProgramOptions> program)
{
    /// <summary>Slack allows 50 blocks a message; a digest stays well under, whatever the sections return.</summary>
    public const int MaxBlocks = 45;

    public async Task<Reply> BuildAsync(Actor recipient, DateTimeOffset now, CancellationToken ct, DigestDataCache? shared = null)
    {
        if (recipient.IsPartner) throw new InvalidOperationException("Partners never receive a digest.");
        var scope = await ScopeAsync(recipient, now, ct);
        string T(string key, params object?[] args) => localizer.Get(recipient.Language, key, args);
        var periodName = T($"digest.period.{PeriodCadence(recipient.Preferences)}");
        var title = T("digest.title", periodName);

        if (!scope.AllPartners && scope.PartnerIds.Count == 0)
            return new Reply([new TextBlock(title, TextStyle.Heading), new TextBlock(T("digest.no-partners"))]) { Summary = title };

        var data = shared is not null ? await shared.GetAsync(db, program.Value, now, ct)
            : await DigestData.LoadAsync(db, program.Value, scope.AllPartners ? null : scope.PartnerIds, now, ct);
        var ctx = new DigestContext(db, scope, localizer, program.Value, data, shared);

        var blocks = new List<Block>
        {
            new TextBlock(title, TextStyle.Heading),
            new TextBlock(ctx.T(scope.AllPartners ? "digest.scope.all" : "digest.scope.own", scope.PartnerIds.Count,
                Day(scope.PeriodStart, recipient), Day(now, recipient)), TextStyle.Note),
        };
        var any = false;
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            var built = await section.BuildAsync(ctx, ct);
            if (built is null) continue;
            if (blocks.Count + 1 + built.Blocks.Count > MaxBlocks - 1)
            {
                blocks.Add(new TextBlock(ctx.T("digest.truncated"), TextStyle.Note));
                break;
            }
            any = true;
            blocks.Add(new TextBlock(built.Title, TextStyle.Heading));
            blocks.AddRange(built.Blocks);
        }
        if (!any) blocks.Add(new TextBlock(ctx.T("digest.nothing-yet")));
        return new Reply(blocks) { Summary = title };
    }

    private async Task<DigestScope> ScopeAsync(Actor recipient, DateTimeOffset now, CancellationToken ct)
    {
        var all = OrganisationAccess.SeesAll(recipient);
        var ids = await db.PartnerOrganisations.AsNoTracking().VisibleTo(recipient).Select(o => o.Id).ToListAsync(ct);
        var length = PeriodLength(recipient.Preferences, now);
        return new DigestScope(recipient, all, ids, now, now - length, now - length - length);
    }

    /// <summary>A digest covers one period of its cadence; on demand (or with digests off) a week.</summary>
    private static TimeSpan PeriodLength(Preferences p, DateTimeOffset now) => p.DigestCadence switch
    {
        Cadence.Daily => TimeSpan.FromDays(1),
        Cadence.Monthly => now - now.AddMonths(-1),
        _ => TimeSpan.FromDays(7),
    };

    private static Cadence PeriodCadence(Preferences p) => p.DigestCadence == Cadence.Off ? Cadence.Weekly : p.DigestCadence;

    private static string Day(DateTimeOffset at, Actor a) => LocaleFormat.For(a.Language).Date(at, a.TimeZone);
}
