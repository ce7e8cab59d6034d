using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Host.WebChat;

public sealed record WebChatRoom(string Id, string Name, ConversationKind Kind, string Description);

/// <summary>
/// The web chat's conversations, derived from who someone is: a DM with the bot for everyone, a channel shared
/// between the vendor and each partner organisation (its users, its rep, managers), and a channel for vendor staff.
/// </summary>
public sealed class WebChatRooms(PartnerBotDb db)
{
    public const string Tenant = "demo";
    private const string StaffRoom = "team";

    public static string DirectId(string personId) => $"dm-{personId}";

    public async Task<List<WebChatRoom>> ForAsync(Person person, CancellationToken ct)
    {
        var rooms = new List<WebChatRoom> { new(DirectId(person.Id), "PartnerBot", ConversationKind.Personal, "Direct messages with the bot") };
        var orgs = await db.PartnerOrganisations.AsNoTracking().VisibleTo(Actor.From(person)).ToListAsync(ct);
        rooms.AddRange(orgs.OrderBy(o => o.Name).Select(o =>
            new WebChatRoom($"org-{o.Id}", $"#{o.Id}-partners", ConversationKind.Channel, $"Shared with {o.Name}")));
        if (person.Role != Role.PartnerUser)
            rooms.Add(new WebChatRoom(StaffRoom, "#channel-team", ConversationKind.Channel, "Vendor staff only"));
        return rooms;
    }

    public async Task<WebChatRoom?> FindAsync(Person person, string roomId, CancellationToken ct) =>
        (await ForAsync(person, ct)).FirstOrDefault(r => r.Id == roomId);
}
