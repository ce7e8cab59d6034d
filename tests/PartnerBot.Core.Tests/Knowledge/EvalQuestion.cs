using System.Text.Json;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Knowledge;

// Also compiled into bench/PartnerBot.Benchmarks (embedding-eval), so the held-out rule has one owner.
/// <summary>One question of the evaluation set: who asks, in which words, which documents answer it (none: it must be
/// declined) and the facts a right answer must contain ("a|b": either spelling counts).</summary>
public sealed record EvalQuestion(string Language, int Index, string Q, string[] Docs, string[] Facts)
{
    /// <summary>The held-out part, fixed before any tuning: every fourth question of each language file.</summary>
    public bool HeldOut => Index % 4 == 3;
    public bool Answerable => Docs.Length > 0;

    public static IReadOnlyList<EvalQuestion> Load()
    {
        var list = new List<EvalQuestion>();
        foreach (var language in Languages.All)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Knowledge", "eval", language + ".jsonl");
            var index = 0;
            foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
            {
                var row = JsonSerializer.Deserialize<Row>(line)!;
                list.Add(new EvalQuestion(language, index++, row.q, row.docs, row.facts));
            }
        }
        return list;
    }

    private sealed record Row(string q, string[] docs, string[] facts);
}
