using System.Net.Mail;
using System.Text.RegularExpressions;

namespace PartnerBot.People;

/// <summary>What counts as an e-mail address anywhere in the program: a person's, a deal's contact.</summary>
public static partial class EmailAddresses
{
    public static bool IsValid(string s) =>
        s.Length <= 320 && EmailRegex().IsMatch(s) && MailAddress.TryCreate(s, out var a) && a.Address == s;

    [GeneratedRegex(@"^[^@\s<>""(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")]
    private static partial Regex EmailRegex();
}
