using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using System.Text.RegularExpressions;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>Helpers for driving the deal dialogs through the web chat API.</summary>
internal static partial class DealTestKit
{
    /// <summary>A message as a person reads it: tags removed, entities decoded.</summary>
    public static string Read(ChatMessage m) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(m.Html ?? m.Text ?? "", " ")), " ");

    public static string ReadAll(IEnumerable<ChatMessage> messages) => string.Join("\n", messages.Select(Read));

    public static Dictionary<string, string> Form(string company, string closeDate = "2027-01-15", string amount = "40000",
        string currency = "USD", string contactName = "Jane Roe", string contactEmail = "", string website = "", string notes = "") => new()
    {
        ["company"] = company,
        ["website"] = website,
        ["contactName"] = contactName,
        ["contactEmail"] = contactEmail,
        ["closeDate"] = closeDate,
        ["amount"] = amount,
        ["currency"] = currency,
        ["product"] = "",
        ["notes"] = notes,
    };

    /// <summary>Submits the last form in <paramref name="formMessage"/> with these field values.</summary>
    public static Task<List<ChatMessage>> SubmitAsync(WebChatClient chat, ChatMessage formMessage, IDictionary<string, string> fields)
    {
        var data = WebChatClient.ActionData(formMessage.Html!, "dialog.submit");
        foreach (var (k, v) in fields) data[k] = v;
        return chat.ActAsync("dialog.submit", data, "Submit");
    }

    /// <summary>"register a deal", then submit the form: returns the bot's answer.</summary>
    public static async Task<ChatMessage> RegisterAsync(WebChatClient chat, Dictionary<string, string> fields)
    {
        var opened = await chat.SayAsync("register a deal");
        var answer = await SubmitAsync(chat, opened[^1], fields);
        return answer[^1];
    }

    /// <summary>Registers a deal through the chat as <paramref name="person"/>, expecting it approved at once; returns its id.</summary>
    public static async Task<string> RegisterApprovedAsync(TestHost host, string person, string company, string product = "")
    {
        var form = Form(company);
        form["product"] = product;
        await RegisterAsync(host.Chat(person), form);
        var deal = await host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.CompanyName == company));
        Assert.Equal(DealStatus.Approved, deal.Status);
        return deal.Id;
    }

    /// <summary>"close DR-…" as <paramref name="rep"/>, won with this contract value and source.</summary>
    public static async Task<List<ChatMessage>> CloseWonAsync(TestHost host, string rep, string dealId, string contract, string source = "PartnerSourced", string mrr = "")
    {
        var chat = host.Chat(rep);
        var form = await chat.SayAsync($"close {dealId}");
        return await SubmitAsync(chat, form[^1], new Dictionary<string, string>
        {
            ["outcome"] = "won", ["contractValue"] = contract, ["mrr"] = mrr, ["source"] = source,
        });
    }

    /// <summary>Presses the button named <paramref name="action"/> in the last message that has it.</summary>
    public static async Task<List<ChatMessage>> PressAsync(WebChatClient chat, IEnumerable<ChatMessage> messages, string action)
    {
        var message = messages.Last(m => m.Html?.Contains($"&quot;name&quot;:&quot;{action}&quot;", StringComparison.Ordinal) == true
                                         || m.Html?.Contains($"\"name\":\"{action}\"", StringComparison.Ordinal) == true);
        return await chat.ActAsync(action, WebChatClient.ActionData(message.Html!, action), action);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
