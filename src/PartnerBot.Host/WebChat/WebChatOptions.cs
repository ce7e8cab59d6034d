namespace PartnerBot.Host.WebChat;

/// <summary>The built-in web chat (section "WebChat").</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";
    /// <summary>
    /// The web chat lets anyone who reaches it pick any person with a web identity. Unset, it is on in Development
    /// only; switched on elsewhere, its page says so (expose it to staff only: see the README).
    /// </summary>
    public bool? Enabled { get; set; }
    public bool IsOn => Enabled == true;
    /// <summary>Largest request body the web chat API reads, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}
