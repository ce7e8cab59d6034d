using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PartnerBot.PartnerProgram;
using PartnerBot.Text;

namespace PartnerBot.Knowledge;

/// <summary>
/// How text is folded for the index and for questions, the same way on both sides: lower case, no accents (ł → l),
/// punctuation as spaces, and Chinese (which has no spaces) written as overlapping character bigrams, so "佣金比例"
/// is indexed as "佣金 金比 比例" and a two-character word such as 佣金 matches on its own. Questions also drop
/// stop words and turn longer words into prefixes ("prowizji" → prowiz*), a light stemmer for English, Malay and Polish.
/// </summary>
public static partial class KnowledgeText
{
    internal static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "the", "how", "do", "does", "did", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "is", "are",
        "was", "be", "been", "am", "what", "whats", "when", "where", "which", "who", "why", "can", "could", "should", "would",
        "will", "to", "of", "for", "in", "on", "at", "by", "with", "from", "and", "or", "it", "its", "this", "that", "there",
        "about", "as", "if", "get", "got", "much", "many", "long", "please", "tell", "any", "some", "have", "has", "need",
        "needs", "s", "someone", "else", "re", "ll", "ve", "d", "t", "m", "don", "didn", "doesn", "isn", "aren", "im", "thats",
        "actually", "guys", "big", "shop", "faster", "waste", "bother", "still", "too", "company", "find", "program", "programme", "now", "just", "really", "ok", "okay", "hi", "hey", "pls", "plz", "u", "ur", "anyone", "anything", "something", "into", "than", "then", "so", "up", "out", "also", "more", "most", "other", "all", "put", "right", "away",
        "exactly", "basically", "kinda", "gonna", "wanna", "yet", "even", "ever", "very", "sure", "thing", "things", "stuff",
        "lot", "lots", "bit", "maybe", "probably", "yeah", "yes", "thanks", "thx",
        "until", "till", "way", "done", "want", "wants", "wanted", "know", "knows", "wondering", "wonder", "curious", "question",
        "boss", "asking", "asks", "asked", "says", "said", "but", "them", "being", "haven", "hasn", "wasn", "weren",
        "told", "apart", "rather", "ceo", "think", "thinks", "guy", "him", "her", "his", "like", "look",
        "cuz", "coz", "btw", "asap", "hmm", "tho", "though", "gotta", "ya", "yo", "dunno", "idk", "shld", "shud", "wks",
        "allowed", "allow", "allows", "intern", "til", "lol", "worried", "here", "chance", "ago", "monday", "tuesday", "wednesday", "thursday", "friday", "mon", "tue", "tues", "wed", "thu", "thurs", "fri",
        // dictated: what a speech engine writes down besides the words
        "um", "umm", "uh", "uhm", "erm", "sorry", "dictating",
        // checking what one believes or heard
        "confirm", "confirmed", "confirming", "correct", "true", "truth", "heard", "saying", "keeps", "rumour", "rumor", "old",
        // Malay
        "apa", "apakah", "bagaimana", "bagaimanakah", "saya", "kami", "kita", "anda", "adakah", "boleh", "untuk", "yang",
        "dan", "di", "ke", "dari", "daripada", "ini", "itu", "berapa", "bila", "bilakah", "ada", "dengan", "tentang",
        "lama", "perlu", "siapa", "siapakah", "mahu", "ialah", "adalah", "atau", "kah", "sahaja", "juga", "akan", "sudah", "mana", "mengapa",
        "berapakah", "bolehkah", "kenapa",
        // Malay as typed in chat
        "nak", "macam", "sendiri", "dah", "tak", "ni", "tu", "kena", "utk", "je", "pun", "lagi", "camne", "sebenarnya", "kalau", "jika",
        "dapat", "syarikat", "ka", "lepas", "program", "la", "lah", "tolong", "sikit", "bnde", "benda",
        "tahu", "nak tahu", "pula", "saja", "sangat", "semua", "bagi", "oleh", "pada", "ya", "eh", "kot", "ler", "jer", "dia",
        "mereka", "korang", "awak", "you", "i", "sy", "kitorang", "camana", "mcm", "org", "tau", "cari", "mencari", "jumpa", "baru", "kepada", "faham",
        "betul", "ker", "macamana", "terus", "sekarang", "tunjuk", "tunjukkan", "nanti", "aje", "punya", "kat", "pasal", "mengenai", "berkenaan",
        "sebab", "tapi", "sebenar", "agak", "dalam", "buat", "dulu", "banyak", "sedikit", "cuma", "okay", "ok", "terima", "kasih",
        // Malay chat shorthand
        "brp", "bkn", "x", "dorang", "diorang", "kt", "nk", "lg", "jgn", "blh", "bole", "leh", "skrg", "skang", "dpt", "dgn", "yg", "pd",
        "sbb", "tp", "tq", "camtu", "camni", "mcmni", "mcmtu", "cmne", "ape", "mane", "kitaorg", "kitorg", "sume", "smua", "pastu", "lps",
        "bos", "tanya", "tertanya", "sbnrnya", "soalan", "aku", "jugak", "suruh", "ek", "dengar", "dengarnya", "kata", "ckp", "cakap", "risau", "khabar",
        // Polish (folded: no accents)
        "jak", "czy", "moj", "moja", "moje", "mojej", "moich", "mnie", "mi", "ja", "co", "jest", "sa", "do", "na", "w", "z",
        "o", "sie", "ile", "kiedy", "jaki", "jaka", "jakie", "dla", "po", "od", "to", "moge", "mozna", "nasz", "nasza",
        "nasze", "przez", "jesli", "a", "oraz", "lub", "ten", "ta", "tego", "tej", "mam", "musze", "trzeba", "dlugo",
        "u", "we", "ze", "za", "czym", "gdzie", "dlaczego", "by", "aby", "bardzo",
        // Polish as typed in chat
        "nasza", "nasz", "naszego", "nasze", "firma", "firmy", "mozemy", "dostac", "dostane", "jestesmy", "zaraz", "ktory", "ktora",
        "ktore", "ktorego", "jakim", "robic", "czego", "ktos", "juz", "tez", "jeszcze", "kto", "moim", "mojego", "moja",
        "gdy", "wasz", "wasza", "wasze", "waszej", "waszego", "waszym",
        "program", "programu", "programie", "moze", "byc", "bo", "teraz", "dostajemy", "dostaniemy", "mamy",
        "sie", "nam", "nas", "nami", "ma", "maja", "musimy", "chcemy", "chce", "chcialbym", "chcialabym", "potrzebujemy", "tak", "nie",
        "tylko", "prowadzi", "jakis", "jakas", "jaka", "jakiej", "jakich", "jego", "jej", "ich", "tu", "tam", "ale", "albo", "czyli", "wiec",
        "zeby", "prosze", "dzieki", "czesc", "hej", "powiedz", "powiedzcie", "wiedziec", "mozecie", "ktorych", "ktorym", "jakie",
        "jakiego", "jakim", "kazdy", "kazda", "wszystko", "wszystkie", "ktora", "sobie", "czyj", "czyja", "komu", "znajde", "znalezc", "mu", "da", "wyglada", "inny", "inni", "innego", "innych", "dac", "dawac", "dalej", "dziala", "dodac", "waszych", "razu", "przejdzie", "opowiedz", "opowiedziec", "polec",
        "jakos", "wlasnie", "chyba", "no", "wtedy", "potem", "cos", "sporo", "duzo", "naprawde", "dokladnie", "generalnie",
        "ogolnie", "serio", "okej", "ok", "dziekuje", "dzieki", "dostalismy", "przy", "maila", "wypisz", "pilnowac", "zwiazane", "skoro",
        "np", "wg", "itd", "tzn", "tj", "czemu", "taki", "takie", "tym", "tych", "troche", "wlasciwie", "zawsze", "czasem", "bedzie", "bedziemy", "wam", "mysle", "rozumiem", "dobrze",
        "beda", "byl", "byla", "bylo", "jakby", "spoko", "siema", "pytanie", "pytam", "szybkie", "powinnismy", "powinien", "powinni", "czasu", "macie", "napisz", "napiszesz",
        "naszym", "naszej", "naszych", "ciagle", "pisza", "pisze", "pisal", "pisali", "slyszalem", "slyszalam", "slyszelismy",
        "male", "yyy", "eee", "szef", "pyta", "dobra", "pojdzie", "idzie", "wolno", "mowi", "mowil", "mowila", "mowia", "mowili",
        "twierdzi", "twierdza", "racje", "racja", "podobno", "prawda", "innej", "widze", "widzimy", "zadnego", "zadnej", "zaden", "jestem", "dostalam", "dostalem", "ogole", "dopiero",
    };

    // Chinese characters that are function words when they stand alone in a question (see ToQuery).
    private static readonly HashSet<char> LoneStopCharacters = ['说', '问', '让', '把', '也', '又', '只', '按'];

    // Chinese function words and question words, removed from questions before they are cut into bigrams, longest
    // first: "有没有" goes whole, not as "有" and "有" around a stray "没".
    private static readonly string[] ChineseStopWords = new[]
    {
        "请问", "如何", "怎么样", "怎么", "怎样", "什么", "多少", "可以", "是否", "是不是", "各个", "各种", "各", "哪些", "哪个", "能否", "我们", "我的",
        "你们", "需要", "吗", "呢", "吧", "的", "了", "我", "你", "请", "是", "在", "有", "和", "与", "要", "会", "能", "么",
        // as typed in chat
        "什么情况下", "情况下", "情况", "怎么办", "多久", "多长", "多少", "哪几种", "部分", "哪些", "哪", "几", "谁", "拿", "做",
        "办", "谁来", "安排", "单子", "接下来", "干嘛", "然后", "一下", "这个", "那个", "现在", "还", "吧", "啊", "公司", "有没有", "已经", "只是", "跟", "找", "才", "之前", "之后", "以后", "后",
        "想知道", "知道", "想", "告诉", "如果", "就", "也", "都", "还有", "这", "那", "个", "呀", "嘛", "哦", "为什么", "因为", "所以",
        "一共", "到底", "具体", "大概", "意思", "哪里有", "哪里", "什么时候", "时候", "刚刚", "刚", "到", "里", "问题", "问谁", "发给", "马上", "一般", "直接", "东西", "重新",
        "咋", "啥", "弄", "搞", "您", "咱们", "咱", "贵公司", "能不能", "可不可以", "会不会", "要不要", "的话", "这样", "那样", "这么", "那么",
        "一些", "比如", "应该", "还是", "或者", "最近", "平时", "通常", "关于", "有关", "相关", "请教", "麻烦", "帮忙", "帮我", "看看", "查一下",
        "说说", "讲讲", "介绍一下", "解释一下", "呗", "啦", "嗯", "哈", "之类", "等等", "看", "上", "我们家",
        "被当成", "当成", "别的", "特别", "给", "听说", "据说", "真的吗", "是真的吗", "对吗", "对不对",
        "可是", "但是", "另一家", "另一个", "那家", "这家", "老板", "那边", "这边", "问下", "财务", "自己",
        // "partner" is in nearly every passage and would be four units of coverage
        "合作伙伴", "伙伴",
    }.Distinct(StringComparer.Ordinal).OrderByDescending(w => w.Length).ToArray();

    // Words by which a question speaks of the asker's own organisation, folded.
    private static readonly HashSet<string> FirstPerson = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "mine", "we", "us", "our", "ours",
        "saya", "kami", "kita", "aku",
        "ja", "mnie", "mi", "nam", "nas", "moj", "moja", "moje", "mojej", "moich", "my", "nasz", "nasza", "nasze", "naszej", "naszego",
        "naszych", "jestesmy", "mamy", "mozemy", "moge", "mam",
    };

    /// <summary>
    /// The sentence a message of several asks in: its last that ends in a question mark, or else its last. A partner
    /// retells first (an e-mail from finance, a customer's story, what a colleague said) and asks last: "finance asks:
    /// we closed Acme on 3 March, when does the commission land? need it for the Q2 forecast. when do we get paid?"
    /// Null when the message is one sentence.
    /// </summary>
    public static string? AskingSentence(string message)
    {
        var sentences = Sentences(message);
        if (sentences.Count < 2) return null;
        return sentences.LastOrDefault(EndsInAQuestionMark) ?? sentences[^1];
    }

    /// <summary>
    /// The questions of a message that asks two or more, in its order: the sentences and lines that end in a question
    /// mark ("how much mdf do we get as silver? and when does it expire?", a list of "1) …?" "2) …?", a question quoted
    /// from a customer's e-mail and one of the partner's own). Empty when it asks one or none.
    /// </summary>
    public static IReadOnlyList<string> AskingSentences(string message)
    {
        var asking = Sentences(message).Where(EndsInAQuestionMark).Distinct(StringComparer.Ordinal).ToList();
        return asking.Count < 2 ? [] : asking;
    }

    private static List<string> Sentences(string message) =>
        SentenceEnd().Split(message).Select(p => p.Trim()).Where(p => p.Any(char.IsLetterOrDigit)).ToList();

    private static bool EndsInAQuestionMark(string sentence) => sentence[^1] is '?' or '？';

    // After a sentence's end mark and any closing quote: ". " (not the point of "2.5"), "?", "!", "。", "？", "！", or a
    // new line.
    [GeneratedRegex(@"(?<=[.!?]+[""'”’)]*)(?=\s|$)|(?<=[。？！])|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    /// <summary>Whether a question is about the asker's own situation: "how do I reach Gold?", "berapa MDF kami",
    /// "我们公司现在是银牌", "czego nam brakuje".</summary>
    public static bool AboutTheAsker(string question)
    {
        if (question.Contains('我', StringComparison.Ordinal)) return true;
        return FoldedWords(question).Any(FirstPerson.Contains);
    }

    /// <summary>The text as the index stores it.</summary>
    public static string ForIndex(string text) => string.Join(' ', Tokens(Fold(text)));

    // A name typed after "@" (not an e-mail address: nothing word-like stands before the "@").
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_.\-]*[\p{L}\p{N}_]", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    /// <summary>
    /// A question as a search: an FTS5 MATCH expression of its meaningful terms OR-ed, each quoted (so nothing a person
    /// types is FTS syntax), and the units its coverage is counted in. Program words the glossary knows become one unit
    /// each, matched by any of the concept's phrases in any language ("co-marketing money" is covered by "MDF" or
    /// "market development funds"). Null when nothing meaningful is left ("how?", "的").
    /// </summary>
    public static KnowledgeQuery? ToQuery(string question, KnowledgeGlossary? glossary = null)
    {
        // "@PartnerBot", "@anna" typed as text (a channel strips its own mention markup) address someone: no word of
        // what is asked.
        question = Mention().Replace(question, " ");
        // Amounts as typed in chat ("250k", "1.2万", "1,5 mln", "200 tys") are read as a deal's text reads them, before
        // folding takes their decimal mark, and become the documents' "250,000" (indexed as the tokens 250 000).
        var folded = Fold(AmountWords.NumberWithMultiplier.Replace(question, m =>
            AmountWords.Read(m) is { } amount && amount == decimal.Truncate(amount) && amount <= 1_000_000_000_000m
                ? " " + Grouped(amount.ToString("0", CultureInfo.InvariantCulture)) + " "
                : m.Value));
        var units = new List<string[]>();
        var concepts = new List<string?>();
        var namesWhatIsNotTheProgram = false;
        var namesAnotherVendor = false;
        if (glossary is not null)
        {
            var chars = folded.ToCharArray();
            var asTyped = folded;
            foreach (var (start, length, concept) in glossary.Find(folded).OrderBy(f => f.Start))
            {
                Array.Fill(chars, ' ', start, length);
                // A phrase that is not the program ("harga emas") is a word of its own, and the question is about it.
                if (concept is null)
                {
                    AddWord([PhraseTerm(folded.Substring(start, length))]);
                    namesWhatIsNotTheProgram = true;
                    continue;
                }
                // "remind me how", "用大白话": how to answer, and no word of what about.
                if (concept == KnowledgeGlossary.HowToAnswerKey) continue;
                // Another vendor's name is a word of its own too; with a concept every program has, the question is
                // about that vendor's program (below).
                if (concept == KnowledgeGlossary.AnotherVendorKey)
                {
                    AddWord([PhraseTerm(folded.Substring(start, length))]);
                    namesAnotherVendor = true;
                    continue;
                }
                if (concepts.Contains(concept)) continue;
                units.Add(glossary.Terms(concept));
                concepts.Add(concept);
            }
            folded = new string(chars);
            // Unless the question names this program too: then it compares the other vendor's offer with ours, and asks about ours.
            if (namesAnotherVendor && concepts.Any(c => c is not null && glossary.EveryProgramHas(c)) && !glossary.NamesThisProgram(asTyped))
                namesWhatIsNotTheProgram = true;
        }
        foreach (var stop in ChineseStopWords) folded = folded.Replace(stop, " ", StringComparison.Ordinal);
        var numbers = new List<int>();
        // Amounts ("250 000" once read above, "250000", "250,000") are one unit each.
        folded = GroupedNumber().Replace(folded, m =>
        {
            numbers.Add(units.Count);
            units.Add([$"\"{Grouped(m.Value)}\""]);
            concepts.Add(null);
            return " ";
        });
        // A word counts once however often it is typed, and a unit the same terms cover counts once: the two
        // characters of "目标" are both covered by the bigram 目标 alone, so they are one unit, not two, as an English
        // word is one. Otherwise a Chinese word no document holds weighs twice what a program word does.
        var halves = new HashSet<int>();
        bool AddWord(string[] terms)
        {
            if (units.Where((_, i) => concepts[i] is null).Any(u => u.SequenceEqual(terms, StringComparer.Ordinal))) return false;
            units.Add(terms);
            concepts.Add(null);
            return true;
        }
        foreach (var word in Words(folded))
        {
            if (Scripts.IsUnspaced(word[0]))
            {
                if (word.Length == 1)
                {
                    // Verbs of saying and particles, left alone once the words around them are read, say nothing of
                    // the topic: "另一家经销商说客户是他们的" (another reseller says the customer is theirs). Inside a
                    // word they stay (说明, an explanation): other stop words are cut from the text, these only when alone.
                    if (LoneStopCharacters.Contains(word[0])) continue;
                    // A lone character is half a word, as each character of a longer run is: "价" of "黄金现在什么价"
                    // (what does gold cost) is found in 价值主张 (value proposition), by chance.
                    if (AddWord([$"\"{word}\"*"])) halves.Add(units.Count - 1);
                    continue;
                }
                // Each character is a unit, covered by either bigram it belongs to: "升级至金牌" covers 升级 and 金牌
                // even though the bigrams across the word boundary (级至, 至金) occur nowhere.
                // A run of three characters and more is several words: each character weighs half a word, as a
                // Chinese word is about two characters ("比特币现在" is two words, not five).
                for (var i = 0; i < word.Length; i++)
                {
                    var around = new List<string>();
                    if (i > 0) around.Add($"\"{word.Substring(i - 1, 2)}\"");
                    if (i + 1 < word.Length) around.Add($"\"{word.Substring(i, 2)}\"");
                    if (AddWord([.. around]) && word.Length > 2) halves.Add(units.Count - 1);
                }
                continue;
            }
            if (StopWords.Contains(word)) continue;
            if (word.Length < 2 && !char.IsDigit(word[0])) continue;
            // A year no document names ("mundial 2022") is part of what the question asks; other numbers count only
            // where a passage holds them (an amount typed in chat is the asker's own).
            if (AddWord([WordTerm(word)]) && word.All(char.IsAsciiDigit) && !IsYear(word)) numbers.Add(units.Count - 1);
        }
        return units.Count == 0 ? null : new KnowledgeQuery(KnowledgeQuery.AnyOf(units), units)
        {
            // A question of numbers alone ("2 + 2?") has nothing else to be about: its numbers are what it asks.
            ConceptOf = concepts, Glossary = glossary, Numbers = numbers.Count < units.Count ? numbers.ToHashSet() : new HashSet<int>(),
            Weights = units.Select((_, i) => halves.Contains(i) ? 0.5 : 1.0).ToList(),
            NamesWhatIsNotTheProgram = namesWhatIsNotTheProgram,
        };
    }

    private static bool IsYear(string digits) =>
        digits.Length == 4 && (digits.StartsWith("19", StringComparison.Ordinal) || digits.StartsWith("20", StringComparison.Ordinal));

    // A number written in groups of three ("250 000" once folded: "250,000", "250 000") or five digits and more.
    [GeneratedRegex(@"(?<!\d)(?:\d{1,3}(?: \d{3})+|\d{5,})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedNumber();

    // "250000" → "250 000", the tokens the index holds for "250,000".
    private static string Grouped(string digits)
    {
        digits = digits.Replace(" ", "", StringComparison.Ordinal);
        var groups = new List<string>();
        for (var end = digits.Length; end > 0; end -= 3) groups.Insert(0, digits[Math.Max(0, end - 3)..end]);
        return string.Join(' ', groups);
    }

    /// <summary>A folded glossary phrase as one FTS5 term: "market development funds" → "market development funds"*
    /// (the last word a prefix, as for a question's words), "交易注册" → its bigrams as a phrase. <paramref name="stem"/>:
    /// the glossary's own stemmer (<see cref="Stem"/> when none).</summary>
    internal static string PhraseTerm(string foldedPhrase, Func<string, string>? stem = null)
    {
        stem ??= Stem;
        var tokens = Tokens(foldedPhrase).ToList();
        if (tokens.Count == 1 && Scripts.IsUnspaced(tokens[0][0])) return tokens[0].Length == 1 ? $"\"{tokens[0]}\"*" : $"\"{tokens[0]}\"";
        if (tokens.Count == 1) return WordTerm(tokens[0], stem);
        var last = tokens[^1];
        if (Scripts.IsUnspaced(last[0]) || last.Length < 4) return $"\"{string.Join(' ', tokens)}\"";
        tokens[^1] = stem(last);
        return $"\"{string.Join(' ', tokens)}\"*";
    }

    /// <summary>
    /// Terms without those another one already finds: "regis"* finds every word "registe"* or "registrat"* finds, so
    /// only "regis"* is kept. A concept then counts once in BM25 however many spellings the glossary lists, and the
    /// index merges fewer lists. Phrases stay: a phrase that matches outranks its words apart.
    /// </summary>
    internal static string[] WithoutSubsumed(IEnumerable<string> terms)
    {
        var distinct = terms.Distinct(StringComparer.Ordinal).ToList();
        static bool SingleWord(string t) => !t.Contains(' ');
        var prefixes = distinct.Where(t => SingleWord(t) && t.EndsWith('*')).Select(t => t.Trim('"', '*')).ToList();
        // "p"* finds all "w" finds when w is p or a form of it, and all "w"* finds when p is a stem (any continuation).
        bool Finds(string p, string t) => t.Trim('"', '*') is var w && w.StartsWith(p, StringComparison.Ordinal) &&
            (t.EndsWith('*') ? w.Length > p.Length && p.Length != 4 : Inflects(p, w));
        return distinct.Where(t => !SingleWord(t) || !prefixes.Any(p => Finds(p, t))).ToArray();
    }

    private static string WordTerm(string word, Func<string, string>? stemmer = null)
    {
        var stem = (stemmer ?? Stem)(word);
        return stem.Length >= 4 ? $"\"{stem}\"*" : $"\"{stem}\"";
    }

    // A light stemmer for inflected languages: words of 4+ letters become prefixes, longer ones lose their ending.
    // Seven letters lose one only: "przepis" (a recipe) must not become "przep", which every "przepadają" (expire) matches.
    // A five-letter plural loses its s, so "steps" finds "step" and "tiers" "tier" (a four-letter stem matches its own
    // forms only); "class", "bonus" and "basis" are no plurals.
    internal static string Stem(string word) => word.Length switch
    {
        5 when word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') => word[..4],
        < 6 => word,
        7 => word[..6],
        _ => word[..Math.Max(5, word.Length - 3)],
    };

    /// <summary>Whether a quoted term ("gold", the prefix "gold"*, or the phrase "market development fund"*) occurs in
    /// indexed tokens.</summary>
    internal static bool Occurs(string term, string[] tokens)
    {
        var prefix = term.EndsWith('*');
        var parts = term.TrimEnd('*').Trim('"').Split(' ');
        for (var i = 0; i + parts.Length <= tokens.Length; i++)
        {
            var all = true;
            for (var j = 0; j < parts.Length && all; j++)
            {
                var lastPart = j == parts.Length - 1;
                all = prefix && lastPart
                    ? tokens[i + j].StartsWith(parts[j], StringComparison.Ordinal) && Inflects(parts[j], tokens[i + j])
                    : tokens[i + j] == parts[j];
            }
            if (all) return true;
        }
        return false;
    }

    // Endings a word takes in English, Malay and Polish (folded), for words too short to be cut to a stem.
    private static readonly HashSet<string> Endings = new(StringComparer.Ordinal)
    {
        "s", "es", "ed", "d", "ing", "er", "ers", "ly",
        "an", "kan", "i", "nya", "lah",
        "a", "e", "y", "u", "o", "ie", "ow", "om", "ami", "ach", "em", "ej", "ego", "emu", "ych", "ym", "ymi", "owi", "owie",
    };

    /// <summary>
    /// Whether a token is the prefix word itself or a form of it. A four-letter word as typed matches its own forms
    /// only: "tier" finds "tiers", "deal" finds "dealer", "sing" does not find "single". Longer prefixes (stems cut
    /// from longer words, "regis" from "register") match any continuation.
    /// </summary>
    private static bool Inflects(string prefix, string token) =>
        prefix.Length != 4 || token.Length == prefix.Length || Scripts.IsUnspaced(prefix[0]) || Endings.Contains(token[prefix.Length..]);

    /// <summary>Lower case, accents removed, ł → l, anything that is not a letter or digit becomes a space.</summary>
    public static string Fold(string text)
    {
        var s = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (c == 'ł') sb.Append('l');
            else if (char.IsLetterOrDigit(c)) sb.Append(c);
            else sb.Append(' ');
        }
        return sb.ToString();
    }

    /// <summary>The text <see cref="Fold"/>ed and cut at its spaces: runs of letters and digits, lower case, no accents.</summary>
    internal static string[] FoldedWords(string text) => Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // Words split at spaces and at every change between an unspaced script (Chinese, kana) and the others ("mdf预算" →
    // "mdf", "预算").
    private static IEnumerable<string> Words(string folded)
    {
        var sb = new StringBuilder();
        bool? unspaced = null;
        foreach (var c in folded)
        {
            if (c == ' ')
            {
                if (sb.Length > 0) yield return sb.ToString();
                sb.Clear();
                unspaced = null;
                continue;
            }
            var isUnspaced = Scripts.IsUnspaced(c);
            if (unspaced is not null && unspaced != isUnspaced && sb.Length > 0)
            {
                yield return sb.ToString();
                sb.Clear();
            }
            unspaced = isUnspaced;
            sb.Append(c);
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    private static IEnumerable<string> Tokens(string folded)
    {
        foreach (var word in Words(folded))
        {
            if (!Scripts.IsUnspaced(word[0]) || word.Length == 1)
            {
                yield return word;
                continue;
            }
            for (var i = 0; i + 1 < word.Length; i++) yield return word.Substring(i, 2);
        }
    }
}

/// <summary>
/// A question ready for the index. <see cref="Units"/> are what coverage counts: a word, or one Chinese character
/// (covered by either bigram it is part of); each unit lists the terms that cover it.
/// </summary>
public sealed record KnowledgeQuery(string Match, IReadOnlyList<string[]> Units)
{
    /// <summary>For each unit, the glossary concept (a program word) it stands for; null for a word as typed.</summary>
    public IReadOnlyList<string?> ConceptOf { get; init; } = [];

    /// <summary>The glossary the concepts come from.</summary>
    internal KnowledgeGlossary? Glossary { get; init; }

    /// <summary>
    /// The units that are numbers ("3", "250 000"). A number a passage holds counts for it; one it does not hold is
    /// the value the asker supposes, not the topic ("can the close date be 3 years out?": the document says 2), so it
    /// counts neither for nor against the passage.
    /// </summary>
    public IReadOnlySet<int> Numbers { get; init; } = new HashSet<int>();

    /// <summary>What each unit weighs in <see cref="Coverage"/>: a word 1, a character of a longer Chinese run half
    /// of it. Empty: every unit 1.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];

    /// <summary>
    /// The question names something the glossary lists as not the program
    /// (<see cref="KnowledgeGlossary.NotTheProgramKey"/>: "my credit card went from gold to silver tier", "sijil halal",
    /// "英语四级证书"), or another vendor with what every partner program has (<see cref="KnowledgeGlossary.AnotherVendorKey"/>:
    /// "Salesforce's gold tier"): the program words in it are that thing's, so no passage answers it, however many of
    /// them one holds.
    /// </summary>
    public bool NamesWhatIsNotTheProgram { get; init; }

    private double Weight(int unit) => unit < Weights.Count ? Weights[unit] : 1.0;

    public bool IsConcept(int unit) => unit < ConceptOf.Count && ConceptOf[unit] is not null;

    /// <summary>Every term of the units OR-ed.</summary>
    internal static string AnyOf(IEnumerable<string[]> units) => string.Join(" OR ", units.SelectMany(u => u).Distinct(StringComparer.Ordinal));

    /// <summary>
    /// The question as it searches one language's documents: each concept by its phrases in that language and in
    /// English (program terms appear in English in every language's documents), not by the phrases of the other
    /// languages, which those documents never hold and which the index would otherwise rank in vain. Units stay in place.
    /// </summary>
    public KnowledgeQuery In(string language)
    {
        if (Glossary is null || !ConceptOf.Any(c => c is not null)) return this;
        var units = Units.Select((u, i) => IsConcept(i) ? Glossary.Terms(ConceptOf[i]!, language) : u).ToList();
        return new KnowledgeQuery(AnyOf(units), units) { ConceptOf = ConceptOf, Glossary = Glossary, Numbers = Numbers, Weights = Weights };
    }

    /// <summary>The same question with only the units kept (null when none is left).</summary>
    public KnowledgeQuery? Keep(Func<int, bool> keep)
    {
        var indexes = Enumerable.Range(0, Units.Count).Where(keep).ToList();
        if (indexes.Count == 0) return null;
        var units = indexes.Select(i => Units[i]).ToList();
        return new KnowledgeQuery(AnyOf(units), units)
        {
            ConceptOf = indexes.Select(i => IsConcept(i) ? ConceptOf[i] : null).ToList(),
            Glossary = Glossary,
            Numbers = indexes.Select((unit, kept) => (unit, kept)).Where(x => Numbers.Contains(x.unit)).Select(x => x.kept).ToHashSet(),
            Weights = indexes.Select(Weight).ToList(),
        };
    }

    /// <summary>
    /// A MATCH expression for the passages that can clear a coverage floor: those containing at least
    /// ⌈floor × units⌉ of the units ("a AND b" OR "a AND c" OR "b AND c" for two of three). It finds the same passages
    /// the floor would keep, and ranks far fewer rows than OR-ing every term. Falls back to <see cref="Match"/> when
    /// one unit is enough or the combinations would be too many (long questions, Chinese sentences).
    /// </summary>
    public string MatchAtLeast(double minCoverage, int maxCombinations = 40)
    {
        var n = Units.Count;
        var m = UnitsNeeded(minCoverage);
        if (m <= 1 || m > n || Combinations(n, m) > maxCombinations) return Match;
        var unit = UnitMatches();
        // Each combination as the set of distinct expressions it needs: units with the same terms (the two characters
        // of "用于") need them once.
        var clauses = new List<HashSet<string>>();
        void Choose(int start, List<int> picked)
        {
            if (picked.Count == m)
            {
                clauses.Add(new HashSet<string>(picked.Select(i => unit[i]), StringComparer.Ordinal));
                return;
            }
            for (var i = start; i <= n - (m - picked.Count); i++)
            {
                picked.Add(i);
                Choose(i + 1, picked);
                picked.RemoveAt(picked.Count - 1);
            }
        }
        Choose(0, []);
        // A clause that needs all another needs and more finds nothing that one does not: the index evaluates and
        // ranks every term of the expression, so each is written as few times as possible.
        var needed = clauses
            .Where((c, i) => !clauses.Where((o, j) => j != i && o.IsSubsetOf(c) && (o.Count < c.Count || j < i)).Any())
            .Select(c => "(" + string.Join(" AND ", unit.Where(c.Contains).Distinct(StringComparer.Ordinal)) + ")");
        return string.Join(" OR ", needed);
    }

    /// <summary>
    /// Where <see cref="MatchAtLeast"/> falls back to OR-ing every term for a long question (more than
    /// <paramref name="maxCombinations"/> combinations), the same condition as each unit's match and how many of them a
    /// passage must hold, for the index to count (<see cref="UnitsAtLeast"/>); null where the match itself says it, or
    /// one unit is enough.
    /// </summary>
    public UnitsAtLeast? CountedAtLeast(double minCoverage, int maxCombinations = 40)
    {
        var n = Units.Count;
        var m = UnitsNeeded(minCoverage);
        if (m <= 1 || m > n || Combinations(n, m) <= maxCombinations) return null;
        return new UnitsAtLeast(UnitMatches(), m);
    }

    /// <summary>Each unit's own match: its one term, or its alternatives OR-ed.</summary>
    private List<string> UnitMatches() =>
        Units.Select(u => u.Length == 1 ? u[0] : "(" + string.Join(" OR ", u) + ")").ToList();

    /// <summary>How many units a passage must hold to cover <paramref name="share"/> of the question: of the words
    /// that are not numbers, or fewer of them and numbers it also holds.</summary>
    public int UnitsNeeded(double share)
    {
        // The fewest units that can weigh the share: the heaviest first.
        var words = Enumerable.Range(0, Units.Count).Where(i => !Numbers.Contains(i)).Select(Weight).OrderDescending().ToList();
        var needed = share * words.Sum() - 1e-9;
        var count = 0;
        for (var held = 0.0; held < needed && count < words.Count; count++) held += words[count];
        return count;
    }

    private static long Combinations(int n, int k)
    {
        long c = 1;
        for (var i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    /// <summary>
    /// The share of the question a passage covers: "free parking at the partner program office" shares three common
    /// words with many passages but covers half the question, which is chance, not an answer.
    /// </summary>
    public double Coverage(string indexedText) => Coverage(CoveredUnits(indexedText));

    /// <summary>The share of the question the units <paramref name="covered"/> make up.</summary>
    public double Coverage(IReadOnlySet<int> covered)
    {
        var counted = Enumerable.Range(0, Units.Count).Where(i => !Numbers.Contains(i) || covered.Contains(i)).Sum(Weight);
        return counted == 0 ? 0 : covered.Sum(Weight) / counted;
    }

    /// <summary>The glossary concepts among the units <paramref name="covered"/>.</summary>
    public IReadOnlySet<string> ConceptsOf(IReadOnlySet<int> covered) =>
        covered.Where(IsConcept).Select(i => ConceptOf[i]!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The indexes of the units indexed text holds.</summary>
    public IReadOnlySet<int> CoveredUnits(string indexedText)
    {
        var tokens = indexedText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, Units.Count).Where(i => Units[i].Any(term => KnowledgeText.Occurs(term, tokens))).ToHashSet();
    }
}
