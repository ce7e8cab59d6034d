using System.Text.Json;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Knowledge;

// Also compiled into bench/PartnerBot.Benchmarks (embedding-eval), so the held-out rule has one owner.
/// <summary>One question of the evaluation set: who asks, in which words, which documents answer it (none: it must be
/// declined) and the facts a right answer must contain ("a|b": either spelling counts).
/// <para>The held-out part is marked on the question itself ("heldOut": true), when the question is written and before
/// any run: every fourth question of each batch. It was every fourth line until duplicates were removed (30 Nov 2026);
/// a mark, unlike a position, stays with its question when another line is added or removed.</para></summary>
public sealed record EvalQuestion(string Language, int Index, string Q, string[] Docs, string[] Facts, bool HeldOut)
{
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
                list.Add(new EvalQuestion(language, index++, row.q, row.docs, row.facts, row.heldOut));
            }
        }
        return list;
    }

    private sealed record Row(string q, string[] docs, string[] facts, bool heldOut = false);
}
