using System.Text.Json;
using PartnerBot.People;
using PartnerBot.Text;

namespace PartnerBot.Knowledge;

/// <summary>
/// The program's words and the words partners use for them, one file per language beside the documents
/// (knowledge/glossary.{language}.json: concept → phrases, e.g. "mdf": ["mdf", "co-marketing money", ...]). A concept
/// has the same name in every language's file, so a phrase found in a question in any language stands for all the
/// concept's phrases in all languages: "duit marketing" finds "market development funds", "报备" finds "交易注册", and
/// a Malay question can find an English passage when no Malay document covers it.
/// A file may also list, under <see cref="NotTheProgramKey"/>, phrases that say a question is about something else:
/// "harga emas" is the price of gold, the metal, not of the Gold tier; a credit card's tier is not a partner's. A
/// question reads such a phrase as one word of its own rather than as the program word inside it, and is declined
/// (<see cref="KnowledgeQuery.NamesWhatIsNotTheProgram"/>).
/// <para>And, under <see cref="AnotherVendorKey"/>, the names of other vendors, and under <see cref="EveryProgramHasKey"/>,
/// the concepts every vendor's partner program has (tiers, MDF, certification): a question that names another vendor
/// and one of those is about that vendor's program ("Salesforce's gold tier", "微软CSP的tier"), and is declined. With
/// other program words it stays ours: "Huawei's deal" is a registration, "a comparison with HubSpot" is material.
/// Nor is it declined when it also names this program, under <see cref="ThisProgramKey"/>: "AWS gives us 10% MDF, what
/// do we get with you?" compares the other vendor's offer with ours, and asks about ours.</para>
/// <para>Under <see cref="HowToAnswerKey"/>, phrases that say how to answer rather than what about ("remind me how",
/// "explain like I'm new", "用大白话", "jak dla nowego"): a request is asked in them, and they are no part of its topic.</para>
/// </summary>
public sealed class KnowledgeGlossary
{
    private readonly Dictionary<string, string> _phraseToConcept;
    private readonly Dictionary<string, string[]> _conceptTerms;
    // A concept's terms for one language's documents: its phrases in that language and in English.
    private readonly Dictionary<(string Concept, string Language), string[]> _conceptTermsIn;
    // Phrases by their first character, longest first.
    private readonly Dictionary<char, List<string>> _byFirstChar;
    // Every word of every phrase: a word the glossary knows is never read as a slip of another ("akaun" is not "amaun").
    private readonly HashSet<string> _words;
    // The words of each concept's phrases.
    private readonly Dictionary<string, HashSet<string>> _conceptWords;
    // The concepts with a word one letter longer than its stem, by stem: "premi" → bonus ("premia", "premie").
    private readonly Dictionary<string, HashSet<string>> _nearlyStems;
    // The folded phrases that say a question is not about the program.
    private readonly HashSet<string> _notTheProgram;
    // The folded names of other vendors, and the concepts that are any vendor's program with one of them named.
    private readonly HashSet<string> _anotherVendor;
    private readonly HashSet<string> _everyProgramHas;
    // The folded phrases that name this program ("with you", "u was", "你们这边").
    private readonly List<string> _thisProgram;
    // The folded phrases that say how to answer ("remind me how", "用大白话").
    private readonly HashSet<string> _howToAnswer;

    /// <summary>The key of a glossary file that lists, rather than a concept's phrases, phrases that say a question is
    /// not about the program ("harga emas": the price of gold; "credit card").</summary>
    public const string NotTheProgramKey = "$not-the-program";

    /// <summary>The key of a glossary file that lists other vendors' names ("salesforce", "华为"). Found in a question,
    /// such a name is a word of its own, marked with this key as its concept.</summary>
    public const string AnotherVendorKey = "$another-vendor";

    /// <summary>The key of a glossary file that lists, by name, the concepts every vendor's partner program has.</summary>
    public const string EveryProgramHasKey = "$every-program-has";

    /// <summary>The key of a glossary file that lists phrases naming this program to the one who runs it ("with you",
    /// "your program", "u was", "dgn korang", "你们这边"): beside another vendor's name, a comparison.</summary>
    public const string ThisProgramKey = "$this-program";

    /// <summary>The key of a glossary file that lists phrases saying how to answer, not what about ("remind me how",
    /// "explain like I'm new", "in plain words"). Found in a question, such a phrase is marked with this key as its
    /// concept and counts as no word of it: "remind me how clawback works" asks about clawback only.</summary>
    public const string HowToAnswerKey = "$how-to-answer";

    public static readonly KnowledgeGlossary Empty = new([], [], [], [], [], []);

    /// <param name="byLanguage">language → concept → phrases, as the files hold them.</param>
    /// <param name="notTheProgram">The phrases the files list under <see cref="NotTheProgramKey"/>.</param>
    /// <param name="anotherVendor">The names the files list under <see cref="AnotherVendorKey"/>.</param>
    /// <param name="everyProgramHas">The concepts the files list under <see cref="EveryProgramHasKey"/>.</param>
    /// <param name="thisProgram">The phrases the files list under <see cref="ThisProgramKey"/>.</param>
    /// <param name="howToAnswer">The phrases the files list under <see cref="HowToAnswerKey"/>.</param>
    private KnowledgeGlossary(Dictionary<string, Dictionary<string, List<string>>> byLanguage, IEnumerable<string> notTheProgram,
        IEnumerable<string> anotherVendor, IEnumerable<string> everyProgramHas, IEnumerable<string> thisProgram, IEnumerable<string> howToAnswer)
    {
        _phraseToConcept = new Dictionary<string, string>(StringComparer.Ordinal);
        _conceptTerms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        _conceptTermsIn = [];
        static List<string> Distinct(IEnumerable<string> phrases) => phrases.Distinct(StringComparer.Ordinal).ToList();
        // Each phrase folded once: per language and concept, and per concept over every language (in the files' order).
        var folded = byLanguage.ToDictionary(l => l.Key, l => l.Value.ToDictionary(
            c => c.Key, c => Distinct(c.Value.Select(Normalize).Where(p => p.Length > 0)), StringComparer.Ordinal), StringComparer.Ordinal);
        IEnumerable<string> FoldedIn(string language, string concept) =>
            folded.TryGetValue(language, out var concepts) && concepts.TryGetValue(concept, out var phrases) ? phrases : [];
        var concepts = byLanguage.Values.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).ToList();
        var foldedAll = concepts.ToDictionary(c => c, c => Distinct(byLanguage.Keys.SelectMany(l => FoldedIn(l, c))), StringComparer.Ordinal);
        foreach (var concept in concepts)
            foreach (var phrase in foldedAll[concept])
                _phraseToConcept.TryAdd(phrase, concept);
        _words = _phraseToConcept.Keys.SelectMany(p => p.Split(' ')).ToHashSet(StringComparer.Ordinal);
        _conceptWords = _phraseToConcept.GroupBy(p => p.Value, p => p.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Split(' ')).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        _nearlyStems = _conceptWords.SelectMany(c => c.Value.Select(w => (Word: w, Stem: KnowledgeText.Stem(w), Concept: c.Key)))
            .Where(w => w.Word.Length == w.Stem.Length + 1)
            .GroupBy(w => w.Stem, w => w.Concept, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var concept in concepts)
        {
            // Terms are stemmed as forms are read: "partnerbot" searches "partnerbo"*, not "partner"*, which every
            // passage about partners holds.
            string Term(string phrase) => KnowledgeText.PhraseTerm(phrase, part => Stem(part, concept));
            _conceptTerms[concept] = KnowledgeText.WithoutSubsumed(foldedAll[concept].Select(Term));
            foreach (var language in byLanguage.Keys)
            {
                var own = Distinct(FoldedIn(language, concept).Concat(FoldedIn(Languages.English, concept)));
                // A concept only another language's file names is searched by all its phrases.
                _conceptTermsIn[(concept, language)] = own.Count == 0 ? _conceptTerms[concept] : KnowledgeText.WithoutSubsumed(own.Select(Term));
            }
        }
        _notTheProgram = notTheProgram.Select(Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        _anotherVendor = anotherVendor.Select(Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        _everyProgramHas = everyProgramHas.ToHashSet(StringComparer.Ordinal);
        _thisProgram = thisProgram.Select(Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        _howToAnswer = howToAnswer.Select(Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        _byFirstChar = _phraseToConcept.Keys.Concat(_notTheProgram).Concat(_anotherVendor).Concat(_howToAnswer).Distinct(StringComparer.Ordinal)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal).ToList());
    }

    public int ConceptCount => _conceptTerms.Count;

    /// <summary>Whether the concept is one every vendor's partner program has (<see cref="EveryProgramHasKey"/>).</summary>
    internal bool EveryProgramHas(string concept) => _everyProgramHas.Contains(concept);

    /// <summary>Whether a folded question names this program (<see cref="ThisProgramKey"/>), as a whole phrase.</summary>
    internal bool NamesThisProgram(string folded)
    {
        foreach (var phrase in _thisProgram)
            for (var at = folded.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(phrase, at + 1, StringComparison.Ordinal))
                if (AtWordEdges(folded, at, phrase.Length)) return true;
        return false;
    }

    /// <summary>
    /// Reads every glossary.*.json in a knowledge folder. A missing folder or file is an empty glossary; a file that is
    /// not a JSON object of string arrays, or that lists a concept's own phrase as not the program, stops the start
    /// with its name.
    /// </summary>
    public static KnowledgeGlossary Load(string folder)
    {
        var byLanguage = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        var notTheProgram = new List<(string Phrase, string File)>();
        var anotherVendor = new List<(string Phrase, string File)>();
        var everyProgramHas = new List<(string Concept, string File)>();
        var thisProgram = new List<(string Phrase, string File)>();
        var howToAnswer = new List<(string Phrase, string File)>();
        // The keys that list something other than a concept's phrases.
        var listsOfTheirOwn = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal)
        {
            [NotTheProgramKey] = notTheProgram, [AnotherVendorKey] = anotherVendor, [EveryProgramHasKey] = everyProgramHas,
            [ThisProgramKey] = thisProgram, [HowToAnswerKey] = howToAnswer,
        };
        if (!Directory.Exists(folder)) return Empty;
        foreach (var file in Directory.EnumerateFiles(folder, "glossary.*.json").Order(StringComparer.Ordinal))
        {
            Dictionary<string, string[]>? read;
            try
            {
                read = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(file));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The glossary {file} must be a JSON object of concept → list of phrases: {ex.Message}", ex);
            }
            // glossary.zh-Hans.json → zh-Hans
            var language = Path.GetFileNameWithoutExtension(file)["glossary.".Length..];
            if (!byLanguage.TryGetValue(language, out var concepts)) byLanguage[language] = concepts = new(StringComparer.Ordinal);
            foreach (var (concept, phrases) in read ?? [])
            {
                if (listsOfTheirOwn.TryGetValue(concept, out var own))
                {
                    own.AddRange((phrases ?? []).Select(p => (p, Path.GetFileName(file))));
                    continue;
                }
                if (!concepts.TryGetValue(concept, out var list)) concepts[concept] = list = [];
                list.AddRange(phrases ?? []);
            }
        }
        RefuseAPhraseInTwoConcepts(byLanguage);
        // A concept's own phrase listed as not the program would never be read as the concept.
        var listed = byLanguage.Values.SelectMany(c => c).SelectMany(c => c.Value.Select(p => (Phrase: Normalize(p), Concept: c.Key)))
            .GroupBy(p => p.Phrase, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Concept, StringComparer.Ordinal);
        foreach (var (key, phrases) in new[] { (NotTheProgramKey, notTheProgram), (AnotherVendorKey, anotherVendor), (HowToAnswerKey, howToAnswer) })
            foreach (var (phrase, file) in phrases)
                if (listed.TryGetValue(Normalize(phrase), out var concept))
                    throw new InvalidDataException(
                        $"The glossary {file} lists \"{phrase}\" under \"{key}\", but it is a phrase of \"{concept}\": a phrase is the program's word or not. Keep it in one place.");
        var notThere = notTheProgram.Select(n => Normalize(n.Phrase)).ToHashSet(StringComparer.Ordinal);
        foreach (var (phrase, file) in anotherVendor)
            if (notThere.Contains(Normalize(phrase)))
                throw new InvalidDataException(
                    $"The glossary {file} lists \"{phrase}\" under \"{AnotherVendorKey}\" and under \"{NotTheProgramKey}\": keep it in one place.");
        // A phrase that says how to answer is no topic: not another vendor's name, nor something other than the program.
        var vendorsOrNot = anotherVendor.Select(n => (Phrase: Normalize(n.Phrase), Key: AnotherVendorKey))
            .Concat(notTheProgram.Select(n => (Phrase: Normalize(n.Phrase), Key: NotTheProgramKey)))
            .GroupBy(n => n.Phrase, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        foreach (var (phrase, file) in howToAnswer)
            if (vendorsOrNot.TryGetValue(Normalize(phrase), out var key))
                throw new InvalidDataException(
                    $"The glossary {file} lists \"{phrase}\" under \"{HowToAnswerKey}\" and under \"{key}\": keep it in one place.");
        // A phrase that names both this program and another vendor would make every mention of that vendor a comparison.
        var vendors = anotherVendor.Select(n => Normalize(n.Phrase)).ToHashSet(StringComparer.Ordinal);
        foreach (var (phrase, file) in thisProgram)
            if (vendors.Contains(Normalize(phrase)))
                throw new InvalidDataException(
                    $"The glossary {file} lists \"{phrase}\" under \"{ThisProgramKey}\" and under \"{AnotherVendorKey}\": a name is this program's or another vendor's. Keep it in one place.");
        var named = byLanguage.Values.SelectMany(c => c.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (concept, file) in everyProgramHas)
            if (!named.Contains(concept))
                throw new InvalidDataException(
                    $"The glossary {file} lists \"{concept}\" under \"{EveryProgramHasKey}\", but no glossary has such a concept. List concepts by their names.");
        return new KnowledgeGlossary(byLanguage, notTheProgram.Select(n => n.Phrase), anotherVendor.Select(n => n.Phrase),
            everyProgramHas.Select(n => n.Concept), thisProgram.Select(n => n.Phrase), howToAnswer.Select(n => n.Phrase));
    }

    /// <summary>
    /// The concepts a folded question names, each with the span it covers: read from the left, the longest phrase
    /// starting at each place wins ("收入门槛" is 收入 + 门槛, not 入门; "deal registration" before "registration").
    /// Phrases in spaced scripts match whole words; Chinese phrases match anywhere. A phrase that is not the program
    /// (<see cref="NotTheProgramKey"/>) is found with no concept; another vendor's name, with <see cref="AnotherVendorKey"/>;
    /// a phrase that says how to answer, with <see cref="HowToAnswerKey"/>.
    /// </summary>
    internal List<(int Start, int Length, string? Concept)> Find(string folded)
    {
        var found = new List<(int Start, int Length, string? Concept)>();
        var i = 0;
        while (i < folded.Length)
        {
            var length = 0;
            if (_byFirstChar.TryGetValue(folded[i], out var candidates))
                foreach (var phrase in candidates)
                    if (string.CompareOrdinal(folded, i, phrase, 0, phrase.Length) == 0 && AtWordEdges(folded, i, phrase.Length))
                    {
                        found.Add((i, phrase.Length, _phraseToConcept.GetValueOrDefault(phrase) ?? KeyOf(phrase)));
                        length = phrase.Length;
                        break;
                    }
            if (length == 0 && candidates is not null && IsWordStart(folded, i) &&
                (Inflected(folded, i, candidates) ?? Typo(folded, i, candidates)) is { } typo)
            {
                found.Add((i, typo.Length, _phraseToConcept[typo.Phrase]));
                length = typo.Length;
            }
            i += Math.Max(length, 1);
        }
        return found;
    }

    private string? KeyOf(string phrase) =>
        _anotherVendor.Contains(phrase) ? AnotherVendorKey : _howToAnswer.Contains(phrase) ? HowToAnswerKey : null;

    /// <summary>
    /// A word of five letters or more one slip away from a one-word phrase (a letter missing, extra, or two swapped;
    /// wrong, from six letters): "comission", "protecton", "tabel". The first letter must be right, and the word must
    /// not be one the glossary itself knows, or a stop word: "akaun" (an account) is a word of "akaun pelanggan", not a
    /// slip of "amaun" (an amount); "opowiedz" (tell) is not "odpowiedź" (an answer).
    /// </summary>
    private (string Phrase, int Length)? Typo(string folded, int at, List<string> candidates)
    {
        var end = folded.IndexOf(' ', at);
        var word = end < 0 ? folded[at..] : folded[at..end];
        if (word.Length < 5 || word.Any(Scripts.IsUnspaced) || _words.Contains(word) || KnowledgeText.StopWords.Contains(word)) return null;
        foreach (var phrase in candidates.Where(_phraseToConcept.ContainsKey))
            if (phrase.Length >= 5 && !phrase.Contains(' ') && Math.Abs(phrase.Length - word.Length) <= 1 && OneSlip(word, phrase, wrongLetter: word.Length >= 6))
                return (phrase, word.Length);
        return null;
    }

    /// <summary>
    /// Words that are another form of a phrase: each starts with the stem of the phrase's word in its place and is at
    /// most three letters longer and at most two shorter ("przedłużenia" for "przedłużyć", "funduszy marketingowych"
    /// for "fundusze marketingowe"; not "partner" for "partnerbot"); words of the phrase shorter than six letters must
    /// be exact.
    /// </summary>
    private (string Phrase, int Length)? Inflected(string folded, int at, List<string> candidates)
    {
        if (Scripts.IsUnspaced(folded[at])) return null;
        var words = folded[at..].Split(' ');
        foreach (var phrase in candidates.Where(_phraseToConcept.ContainsKey))
        {
            var parts = phrase.Split(' ');
            if (parts.Length > words.Length || parts.All(p => p.Length < 6)) continue;
            var length = 0;
            var all = true;
            for (var j = 0; j < parts.Length && all; j++)
            {
                var (word, part) = (words[j], parts[j]);
                all = part.Length < 6
                    ? word == part
                    : word.Length <= part.Length + 3 && word.Length >= part.Length - 2 && word.StartsWith(Stem(part, _phraseToConcept[phrase]), StringComparison.Ordinal);
                length += word.Length + (j > 0 ? 1 : 0);
            }
            if (all) return (phrase, length);
        }
        return null;
    }

    /// <summary>
    /// The stem of a word of <paramref name="concept"/>'s phrases, for reading its forms in a question and for searching
    /// them in the index. A word whose stem is a word another concept's phrases use ("partner" of "partnerbot", "reklama"
    /// (advertising) of "reklamacja" (a complaint)) is a compound or another word: its forms keep all but its last
    /// letter ("partnerbota", "reklamacji"), else "partnerzy" would be read, and every passage about partners found, as
    /// the bot. A stem the concept's own phrases use ("claim" of "claims") is its own word. So is a stem that a word
    /// of another concept is but for one letter: "premiera" (a launch) is read and searched as "premier"*, not as
    /// "premi"*, which finds "premia" and "premie" (a bonus, bonuses).
    /// </summary>
    private string Stem(string part, string concept)
    {
        var stem = KnowledgeText.Stem(part);
        var another = (_words.Contains(stem) && !_conceptWords[concept].Contains(stem)) ||
            (_nearlyStems.TryGetValue(stem, out var near) && near.Any(c => c != concept));
        return stem.Length < part.Length && another ? part[..^1] : stem;
    }

    private static bool IsWordStart(string text, int at) => at == 0 || text[at - 1] == ' ';

    /// <summary>Optimal string alignment distance ≤ 1. <paramref name="wrongLetter"/>: whether one wrong letter counts;
    /// in a five-letter word it makes another word too often ("lawak", a joke, is not "layak", eligible).</summary>
    internal static bool OneSlip(string a, string b, bool wrongLetter = true)
    {
        if (a == b) return true;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (a.Length == b.Length)
        {
            if (wrongLetter && a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))) return true; // one wrong letter
            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2)); // swapped
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i)); // one letter more or less
    }

    /// <summary>The search terms of a concept: every phrase of it, in every language, as an FTS5 phrase.</summary>
    internal string[] Terms(string concept) => _conceptTerms[concept];

    /// <summary>The search terms of a concept in one language's documents: its phrases in that language and in English.</summary>
    internal string[] Terms(string concept, string language) =>
        _conceptTermsIn.TryGetValue((concept, language), out var terms) ? terms : _conceptTerms[concept];

    private static bool AtWordEdges(string text, int at, int length)
    {
        var first = text[at];
        var last = text[at + length - 1];
        var before = at == 0 || text[at - 1] == ' ' || Scripts.IsUnspaced(first) || Scripts.IsUnspaced(text[at - 1]);
        var end = at + length;
        var after = end == text.Length || text[end] == ' ' || Scripts.IsUnspaced(last) || Scripts.IsUnspaced(text[end]);
        return before && after;
    }

    // A question reads a phrase as one concept (the first listed), so a phrase listed under a second one is never read
    // as it: the file says what the program does not do. Across the languages' files too: a concept's phrases are
    // read in every language.
    private static void RefuseAPhraseInTwoConcepts(Dictionary<string, Dictionary<string, List<string>>> byLanguage)
    {
        var owner = new Dictionary<string, (string Concept, string Language)>(StringComparer.Ordinal);
        foreach (var (language, concepts) in byLanguage.OrderBy(l => l.Key, StringComparer.Ordinal))
            foreach (var (concept, phrases) in concepts)
                foreach (var phrase in phrases)
                {
                    var folded = Normalize(phrase);
                    if (folded.Length == 0) continue;
                    if (!owner.TryAdd(folded, (concept, language)) && owner[folded].Concept != concept)
                        throw new InvalidDataException(
                            $"The glossary lists \"{phrase}\" under \"{owner[folded].Concept}\" (glossary.{owner[folded].Language}.json) and under \"{concept}\" (glossary.{language}.json): a phrase names one concept. Keep it under one of them.");
                }
    }

    private static string Normalize(string phrase) =>
        string.Join(' ', KnowledgeText.FoldedWords(phrase));
}
