namespace PartnerBot.Text;

/// <summary>
/// Which writing a character belongs to, for every reader of typed text (the router, the knowledge index, content
/// search, company names, typed amounts), so that all of them cut "注册DR-1042", "mdf预算" or "トヨタの案件" at the
/// same places. Depends on nothing of the product: any capability may use it.
/// </summary>
public static class Scripts
{
    /// <summary>
    /// Whether <paramref name="c"/> is a character of a script written without spaces between words: a Han ideograph
    /// (Chinese, and kanji or hanja; the unified block, Extension A and the compatibility ideographs, with 々 〆 〇) or
    /// kana (hiragana, katakana with ー, the small katakana extensions, half-width katakana). Such a run is several
    /// words: it is searched by its pieces and a name is found inside it.
    /// Not unspaced: Hangul (Korean puts spaces between words); punctuation and digits, full-width ones too (、。・，１),
    /// which belong to no script; radicals and other ideographic symbols, which are not writing; Thai, Lao, Khmer and
    /// Myanmar, unspaced too but in no language the program reads, so they stay whole words until one is; and surrogates:
    /// a lone UTF-16 half does not say which plane it is from, so the rare ideographs past U+FFFF read as not unspaced.
    /// </summary>
    public static bool IsUnspaced(char c) => c is
        >= '\u4E00' and <= '\u9FFF'     // CJK unified ideographs
        or >= '\u3400' and <= '\u4DBF'  // Extension A
        or >= '\uF900' and <= '\uFAFF'  // compatibility ideographs
        or >= '\u3005' and <= '\u3007'  // 々 (repeats the ideograph before), 〆, 〇 (ideographic zero)
        or >= '\u3041' and <= '\u309F'  // hiragana, its voicing marks and ゝゞゟ
        or >= '\u30A1' and <= '\u30FA'  // katakana (not ゠, a hyphen)
        or >= '\u30FC' and <= '\u30FF'  // ー ヽ ヾ ヿ (not ・, the middle dot between words)
        or >= '\u31F0' and <= '\u31FF'  // small katakana for Ainu
        or >= '\uFF66' and <= '\uFF9F'; // half-width katakana (not its punctuation ｡｢｣､･)
}
