namespace PartnerBot.Integrations;

/// <summary>
/// What an API key may do: "{area}:read" or "{area}:write" for each area, or "*:read" / "*:write" for every area.
/// Writing an area includes reading it.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";

    public static class Areas
    {
        public const string Partners = "partners";
        public const string People = "people";
        public const string Deals = "deals";
        public const string Commissions = "commissions";
        public const string Mdf = "mdf";
        public const string Content = "content";
        public const string Certifications = "certifications";
        public const string Leads = "leads";
        public const string Accounts = "accounts";
        public static readonly IReadOnlyList<string> All = [Partners, People, Deals, Commissions, Mdf, Content, Certifications, Leads, Accounts];
    }

    /// <summary>Parses scopes as an operator types them (comma or space separated); the problem in words when one is not a scope.</summary>
    public static (IReadOnlyList<string> Scopes, string? Problem) Parse(string? text)
    {
        var scopes = (text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (scopes.Count == 0) return ([], "Give at least one scope, such as deals:read.");
        foreach (var scope in scopes)
        {
            var parts = scope.Split(':');
            if (parts.Length != 2 || parts[1] is not (Read or Write) || parts[0] != "*" && !Areas.All.Contains(parts[0]))
                return ([], $"'{scope}' is not a scope: use area:read or area:write, where area is * or one of {string.Join(", ", Areas.All)}.");
        }
        return (scopes, null);
    }

    public static bool Allows(string scopes, string area, string level)
    {
        var held = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Has(string level) => held.Contains($"{area}:{level}") || held.Contains($"*:{level}");
        return Has(level) || level == Read && Has(Write);
    }
}
