namespace PartnerBot.Host.WebChat;

/// <summary>The built-in web chat (section "WebChat").</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";
    /// <summary>The web chat lets anyone pick any demo person: turn it off where real people's data lives.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Largest request body the web chat API reads, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}
