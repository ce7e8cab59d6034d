namespace PartnerBot.PartnerProgram;

/// <summary>
/// The words that multiply a number as people type amounts in chat ("250k", "200 tys", "1,2 mln", "250 ribu", "25万"):
/// one table for every reader of typed amounts (a deal's text, a question to the knowledge base), so a word learnt for
/// one is learnt for all.
/// </summary>
public static class AmountWords
{
    /// <summary>
    /// A regular-expression alternation of the words, to put inside a group of the caller's: a word in letters must
    /// end there (not "5 km", not "10 minutes"); 千 and 万 may run on into the next character ("25万美元"). Matches
    /// lower- and upper-case only with the caller's IgnoreCase; diacritics written or folded ("tysięcy", "tysiecy").
    /// </summary>
    public const string Pattern =
        @"(?:thousand|tysięcy|tysiecy|tys\.?|ribu|rb|k|million|miliony|milionów|milionow|mln|mn|m|juta|jt|billion|bn)(?![\p{L}\d])|[千万]";

    /// <summary>The factor of a word <see cref="Pattern"/> matched ("k" → 1,000, "万" → 10,000); 1 for anything else, none included.</summary>
    public static decimal Factor(string word) => word.Trim().TrimEnd('.').ToLowerInvariant() switch
    {
        "k" or "thousand" or "tys" or "tysięcy" or "tysiecy" or "ribu" or "rb" or "千" => 1_000m,
        "万" => 10_000m,
        "m" or "mn" or "mln" or "million" or "miliony" or "milionów" or "milionow" or "juta" or "jt" => 1_000_000m,
        "bn" or "billion" => 1_000_000_000m,
        _ => 1m,
    };
}
