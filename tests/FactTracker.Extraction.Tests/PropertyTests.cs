using System.Diagnostics;
using System.Text;
using FactTracker.Figures;

namespace FactTracker.Extraction.Tests;

/// <summary>
/// For any input up to 1 MB the extractor returns, never throws, and every claim is well formed:
/// its quote is exactly the text at its offsets, its metric is known, its subject a slug, its value valid.
/// Inputs come from a seeded generator, so a failure names the seed that reproduces it.
/// </summary>
public sealed class PropertyTests(ITestOutputHelper output)
{
    private const int OneMegabyte = 1 << 20;

    // Pieces newsroom text is made of, and pieces it is not: the generator strings them together at random.
    private static readonly string[] Fragments =
    [
        "killed", "were killed", "injured", "wounded", "dead", "died", "death toll", "toll", "hospitalised", "in intensive care",
        "arrested", "detained", "missing", "unaccounted for", "displaced", "evacuated", "fled their homes", "bodies",
        "people", "members of the security forces", "demonstrators", "children", "police", "of", "the", "and", "or", "to", "from",
        "between", "more than", "at least", "up to", "about", "nearly", "some", "a", "an", "a dozen", "dozens", "scores",
        "hundreds", "thousands", "tens of thousands", "hundreds of thousands", "millions", "hundred", "thousand", "million",
        "one", "eleven", "twenty", "forty-two", "four hundred and twelve", "a thousand", "two dozen", "several hundred",
        "748", "1,243", "2.5", "2.5 million", "2.5m", "0", "007", "2022", "10:30", "12-hour", "34-year-old", "40%", "$5",
        "120 tenge", "January", "Jan.", "Thursday", "p.m.", "GMT", "aged", "according to", "said", "reported", "added",
        "confirmed", "told", "put the figure at", "bringing the total to", "revised down to", "could", "another", "more",
        "including", "of them", "among those", "@handle_12", "#tag2022", "https://example.org/12/killed-3", "pic.twitter.com/Ab12",
        "www.example.com/x", "a@b.org", ",", ".", ";", ":", "!", "?", "-", "–", "—", "(", ")", "“", "”", "\"", "'", "’",
        "\n", "\n\n", " ", "  ", "\t", "\r\n", "…", "Mr.", "U.S.", "No.", "per cent", "homes", "without power",
    ];

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 40));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_news_like_text_gives_well_formed_claims(int seed)
    {
        var random = new Random(seed);
        var text = NewsLike(random, random.Next(0, 20_000));
        AssertWellFormed(text, $"seed {seed}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_characters_give_well_formed_claims(int seed)
    {
        var random = new Random(seed * 7919);
        var chars = new char[random.Next(0, 20_000)];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0, 0x80),           // ASCII, control characters included
                1 => "0123456789,. -–/:%$@#"[random.Next(21)],
                2 => (char)random.Next(0xD800, 0xE000),    // lone surrogates
                _ => (char)random.Next(0, 0x10000),        // anything in the BMP
            };
        AssertWellFormed(new string(chars), $"seed {seed}");
    }

    public static TheoryData<string, string> Edges => new()
    {
        { "empty", "" },
        { "one space", " " },
        { "one digit", "7" },
        { "one quote mark", "“" },
        { "only newlines", new string('\n', 1000) },
        { "NULs", new string('\0', 1000) },
        { "a dangling qualifier", "more than" },
        { "a dangling range", "between 12 and" },
        { "a number at the very end", "people were killed: 12" },
        { "a metric at the very start", "killed" },
        { "a quote mark before the first claim", "“12 killed" },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_cases_give_well_formed_claims(string name, string text) => AssertWellFormed(text, name);

    public static TheoryData<string> LargeInputs => new()
    {
        "one megabyte of news text in one line",
        "one megabyte of news text",
        "one megabyte of binary",
        "one megabyte of digits and separators",
        "one megabyte of claims",
        "one megabyte of one word",
        "one megabyte of qualifiers",
        "one megabyte of scale words",
        "one megabyte of attributions",
        "one megabyte of number words",
        "one megabyte of asides",
    };

    /// <summary>Up to 1 MB, including very long lines and repetitive text that would trip a backtracking matcher.</summary>
    [Theory]
    [MemberData(nameof(LargeInputs))]
    public void Large_inputs_give_well_formed_claims_in_linear_time(string name)
    {
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var text = name switch
        {
            "one megabyte of news text in one line" => NewsLike(random, OneMegabyte).Replace('\n', ' ').Replace('\r', ' '),
            "one megabyte of news text" => NewsLike(random, OneMegabyte),
            "one megabyte of binary" => Binary(random, OneMegabyte),
            "one megabyte of digits and separators" => Repeat("1,000,000.", OneMegabyte),
            "one megabyte of claims" => Repeat("killing 12 and injuring 40, police said; ", OneMegabyte),
            "one megabyte of one word" => new string('a', OneMegabyte),
            "one megabyte of qualifiers" => Repeat("more than at least up to between ", OneMegabyte),
            "one megabyte of scale words" => "2" + Repeat(" million", OneMegabyte - 1),
            "one megabyte of attributions" => Repeat("according to police said the ministry reported ", OneMegabyte),
            "one megabyte of number words" => Repeat("one hundred and ", OneMegabyte),
            "one megabyte of asides" => Repeat("12 people, ", OneMegabyte),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var clock = Stopwatch.StartNew();
        var count = AssertWellFormed(text, name);
        output.WriteLine($"{name}: {text.Length:N0} characters, {count:N0} claims, {clock.ElapsedMilliseconds} ms");
        // Not a speed test: a bound a hundred times above what it takes, there only to catch quadratic behaviour.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{name} took {clock.Elapsed}");
    }

    private static int AssertWellFormed(string text, string what)
    {
        IReadOnlyList<ExtractedClaim> claims;
        try
        {
            claims = ClaimExtractor.Extract(text, "Desk");
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message} on input starting \"{Excerpt(text)}\"");
            throw;
        }
        var previous = -1;
        foreach (var claim in claims)
        {
            Assert.True(claim.Start >= 0 && claim.Start < claim.End && claim.End <= text.Length, $"{what}: offsets {claim.Start}..{claim.End} of {text.Length}");
            Assert.Equal(claim.Quote, text[claim.Start..claim.End]);
            Assert.True(claim.Start >= previous, $"{what}: claims out of order");
            previous = claim.Start;
            Assert.True(Metrics.IsKnown(claim.Metric), $"{what}: metric {claim.Metric}");
            Assert.True(Slug.IsValid(claim.Subject), $"{what}: subject {claim.Subject}");
            Assert.Null(FigureValues.TryNormalize(claim.Value, out var normalized));
            Assert.Equal(claim.Value, normalized);
            Assert.False(string.IsNullOrEmpty(claim.Rule));
            Assert.NotNull(claim.Source);
        }
        return claims.Count;
    }

    private static string NewsLike(Random random, int length)
    {
        var text = new StringBuilder(length + 64);
        var passages = CorpusTests.Passages;
        while (text.Length < length)
        {
            if (random.Next(10) == 0) text.Append(passages[random.Next(passages.Count)].Text);
            else text.Append(Fragments[random.Next(Fragments.Length)]);
            if (random.Next(3) > 0) text.Append(' ');
        }
        return text.ToString(0, length);
    }

    private static string Binary(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        // Bytes read as Latin-1, as a mis-decoded upload would be.
        return Encoding.Latin1.GetString(bytes);
    }

    private static string Repeat(string unit, int length)
    {
        var text = new StringBuilder(length + unit.Length);
        while (text.Length < length) text.Append(unit);
        return text.ToString(0, length);
    }

    private static string Excerpt(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
