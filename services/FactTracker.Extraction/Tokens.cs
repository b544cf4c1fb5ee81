namespace FactTracker.Extraction;

internal enum TokenKind : byte
{
    None,
    Word,
    Number,
    Punct,

    /// <summary>A URL, handle, hashtag, e-mail or code such as "MH17": never a count, never part of a phrase.</summary>
    Opaque,
}

/// <param name="End">Exclusive character offset.</param>
/// <param name="Id">The word's id in the lexicon, or <see cref="Lexicon.Unknown"/>.</param>
internal readonly record struct Token(int Start, int End, TokenKind Kind, int Id, int Sentence, bool SpaceBefore);

/// <summary>The tokens of one text. Reading outside the list gives an empty token, so rules never index out of range.</summary>
internal sealed class TokenList(string text, List<Token> tokens)
{
    public string Text { get; } = text;
    public int Count => tokens.Count;

    public Token this[int i] => (uint)i < (uint)tokens.Count ? tokens[i] : new Token(0, 0, TokenKind.None, Lexicon.Unknown, -1, true);

    public int Id(int i) => this[i].Id;
    public TokenKind Kind(int i) => this[i].Kind;
    public bool SameSentence(int i, int j) => (uint)i < (uint)tokens.Count && (uint)j < (uint)tokens.Count && tokens[i].Sentence == tokens[j].Sentence;
    public ReadOnlySpan<char> Span(int i) => this[i] is var t && t.Kind != TokenKind.None ? Text.AsSpan(t.Start, t.End - t.Start) : default;
    public char FirstChar(int i) => this[i] is var t && t.End > t.Start ? Text[t.Start] : '\0';
    public bool IsPunct(int i, char c) => this[i] is { Kind: TokenKind.Punct } t && Text[t.Start] == c;

    /// <summary>Text of tokens [from, to), as written.</summary>
    public string Slice(int from, int to) =>
        from < to && (uint)from < (uint)tokens.Count && (uint)(to - 1) < (uint)tokens.Count
            ? Text[tokens[from].Start..tokens[to - 1].End]
            : "";
}

/// <summary>
/// A single pass over the text: words, numbers (with thousands separators, decimals and "2.5m" suffixes),
/// punctuation, and opaque chunks (URLs, handles, hashtags, e-mail addresses, letter-digit codes).
/// Also numbers the sentences: a full stop, question or exclamation mark, semicolon, blank line, or a line
/// break not followed by a lower-case continuation ends one, so a heading is a sentence of its own.
/// </summary>
internal static class Tokenizer
{
    public static TokenList Scan(string text, Lexicon? lexicon)
    {
        var tokens = new List<Token>(Math.Max(16, text.Length / 5));
        var sentence = 0;
        var pendingBoundary = false;
        var spaceBefore = true;
        var i = 0;

        void Emit(int start, int end, TokenKind kind)
        {
            if (pendingBoundary)
            {
                // A closing quote or bracket straight after a full stop still belongs to its sentence.
                var closing = kind == TokenKind.Punct && !spaceBefore && text[start] is '”' or '’' or '"' or '\'' or ')' or ']' or '»';
                if (!closing)
                {
                    sentence++;
                    pendingBoundary = false;
                }
            }
            var id = lexicon is null ? Lexicon.Unknown : lexicon.Lookup(text.AsSpan(start, end - start));
            tokens.Add(new Token(start, end, kind, id, sentence, spaceBefore));
            spaceBefore = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                var newlines = 0;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    if (text[i] == '\n') newlines++;
                    i++;
                }
                spaceBefore = true;
                // A wrapped line continues its sentence when the next line starts in lower case.
                if (newlines >= 2 || (newlines == 1 && (i >= text.Length || !char.IsLower(text[i]))))
                    pendingBoundary = tokens.Count > 0;
                continue;
            }

            if (spaceBefore && OpaqueChunk(text, i) is var (coreStart, coreEnd) && coreEnd > coreStart)
            {
                for (var k = i; k < coreStart; k++) Emit(k, k + 1, TokenKind.Punct);
                Emit(coreStart, coreEnd, TokenKind.Opaque);
                i = coreEnd;
                continue;
            }

            if ((c == '@' || c == '#') && i + 1 < text.Length && IsWordChar(text[i + 1]))
            {
                var end = i + 1;
                while (end < text.Length && IsWordChar(text[end])) end++;
                Emit(i, end, TokenKind.Opaque);
                i = end;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var (end, kind) = ScanNumber(text, i, lexicon);
                Emit(i, end, kind);
                i = end;
                continue;
            }

            if (char.IsLetter(c))
            {
                var end = i;
                var digits = false;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || char.GetUnicodeCategory(text[end]) == System.Globalization.UnicodeCategory.NonSpacingMark))
                {
                    digits |= char.IsDigit(text[end]);
                    end++;
                }
                Emit(i, end, digits ? TokenKind.Opaque : TokenKind.Word);
                i = end;
                continue;
            }

            Emit(i, i + 1, TokenKind.Punct);
            i++;
            if (c is '.' or '!' or '?' or ';' or '…' && EndsSentence(text, tokens, i - 1, lexicon))
                pendingBoundary = true;
        }
        return new TokenList(text, tokens);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Digits with thousands separators, an optional decimal part and an optional scale suffix ("2.5m").</summary>
    private static (int End, TokenKind Kind) ScanNumber(string text, int i, Lexicon? lexicon)
    {
        var end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        // Groups of three after a separator: 1,243 / 12 000.
        var decimalMark = lexicon?.DecimalMark ?? '.';
        while (end < text.Length && (lexicon?.IsGroupSeparator(text[end]) ?? text[end] == ',')
               && ThreeDigits(text, end + 1) && (end + 4 >= text.Length || !char.IsAsciiDigit(text[end + 4])))
            end += 4;
        if (end + 1 < text.Length && text[end] == decimalMark && char.IsAsciiDigit(text[end + 1]))
        {
            end++;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        }
        if (end < text.Length && char.IsLetter(text[end]))
        {
            var suffixStart = end;
            while (end < text.Length && char.IsLetterOrDigit(text[end])) end++;
            var isScale = lexicon is not null && lexicon.IsScaleSuffix(text.AsSpan(suffixStart, end - suffixStart));
            return (end, isScale ? TokenKind.Number : TokenKind.Opaque);
        }
        if (end < text.Length && (text[end] == '_' || (char.IsDigit(text[end]) && !char.IsAsciiDigit(text[end]))))
        {
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
            return (end, TokenKind.Opaque);
        }
        return (end, TokenKind.Number);
    }

    private static bool ThreeDigits(string text, int at) =>
        at + 2 < text.Length && char.IsAsciiDigit(text[at]) && char.IsAsciiDigit(text[at + 1]) && char.IsAsciiDigit(text[at + 2]);

    private static bool EndsSentence(string text, List<Token> tokens, int at, Lexicon? lexicon)
    {
        if (text[at] != '.') return true;
        // "e.g", "pic.twitter", "3.5": no space after the point.
        if (at + 1 < text.Length && char.IsLetterOrDigit(text[at + 1])) return false;
        if (tokens.Count < 2) return true;
        var before = tokens[^2];
        if (before.Kind != TokenKind.Word || before.End != at) return true;
        // An initial ("J. Smith", "U.S.") or a known abbreviation ("Mr.", "Jan.", "No.").
        if (before.End - before.Start == 1) return false;
        return lexicon is null || !lexicon.IsAbbreviation(before.Id);
    }

    /// <summary>
    /// If the whitespace-delimited chunk at <paramref name="start"/> is a URL, a domain path or an e-mail address,
    /// its extent without surrounding brackets and punctuation; otherwise (0, 0).
    /// </summary>
    private static (int Start, int End) OpaqueChunk(string text, int start)
    {
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        var s = start;
        var e = end;
        while (s < e && text[s] is '(' or '[' or '{' or '"' or '\'' or '“' or '‘' or '«' or '<') s++;
        while (e > s && text[e - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '"' or '\'' or '”' or '’' or '»' or '>') e--;
        if (e - s < 4) return (0, 0);
        var chunk = text.AsSpan(s, e - s);
        if (chunk.Contains("://", StringComparison.Ordinal) || chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            return (s, e);
        var slash = chunk.IndexOf('/');
        var at = chunk.IndexOf('@');
        if (slash > 0 && HasDomainDot(chunk[..slash])) return (s, e);
        if (at > 0 && at < chunk.Length - 1 && HasDomainDot(chunk[(at + 1)..])) return (s, e);
        return (0, 0);
    }

    /// <summary>"twitter.com", "example.org": a dot with a letter on both sides.</summary>
    private static bool HasDomainDot(ReadOnlySpan<char> s)
    {
        for (var k = 1; k < s.Length - 1; k++)
            if (s[k] == '.' && char.IsLetterOrDigit(s[k - 1]) && char.IsLetter(s[k + 1])) return true;
        return false;
    }
}
