using System.Text;

namespace FactTracker.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    // The vector the Standard Webhooks libraries test their sign function with (libraries/*/tests in the specification's repository).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void Signing_the_specifications_test_vector_gives_its_published_signature() =>
        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorId, VectorTimestamp, VectorBody, VectorSecret));

    [Fact]
    public void The_secret_signs_the_same_with_or_without_its_prefix() =>
        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorId, VectorTimestamp, VectorBody, VectorSecret["whsec_".Length..]));

    [Fact]
    public void The_published_signature_verifies_alone_and_among_others()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        Assert.True(WebhookSignature.Verify(VectorId, VectorTimestamp.ToString(), VectorSignature, body, VectorSecret, VectorTime).IsValid);
        var several = $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {VectorSignature}";
        Assert.True(WebhookSignature.Verify(VectorId, VectorTimestamp.ToString(), several, body, VectorSecret, VectorTime).IsValid);
    }

    public static TheoryData<string, string?, string?, string?, string, long> Refused => new()
    {
        // why, id, timestamp, signatures, body, seconds after the timestamp
        { "one byte of the body changed", VectorId, "1614265330", VectorSignature, """{"test": 2432232315}""", 0 },
        { "another id", "msg_p5jXN8AQM9LWM0D4loKWxJeK", "1614265330", VectorSignature, VectorBody, 0 },
        { "another timestamp", VectorId, "1614265331", VectorSignature, VectorBody, 0 },
        { "no signature header", VectorId, "1614265330", null, VectorBody, 0 },
        { "no id header", null, "1614265330", VectorSignature, VectorBody, 0 },
        { "no timestamp header", VectorId, null, VectorSignature, VectorBody, 0 },
        { "an empty signature", VectorId, "1614265330", "v1,", VectorBody, 0 },
        { "the right value under another version", VectorId, "1614265330", VectorSignature.Replace("v1,", "v2,"), VectorBody, 0 },
        { "more than five minutes old", VectorId, "1614265330", VectorSignature, VectorBody, 301 },
        { "more than five minutes ahead", VectorId, "1614265330", VectorSignature, VectorBody, -301 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_webhook_that_does_not_match_is_refused(string why, string? id, string? timestamp, string? signatures, string body, long secondsLater)
    {
        var result = WebhookSignature.Verify(id, timestamp, signatures, Encoding.UTF8.GetBytes(body), VectorSecret, VectorTime.AddSeconds(secondsLater));

        Assert.False(result.IsValid, why);
        Assert.False(string.IsNullOrEmpty(result.Failure));
    }

    [Fact]
    public void A_header_signed_with_two_secrets_verifies_with_either()
    {
        var (old, current) = (WebhookSecret.Generate(), WebhookSecret.Generate());
        var body = Encoding.UTF8.GetBytes("""{"type":"figure.revised"}""");

        var header = WebhookSignature.Header("msg_1", VectorTimestamp, body, [current, old]);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.All(header.Split(' '), s => Assert.StartsWith("v1,", s));
        Assert.True(WebhookSignature.Verify("msg_1", VectorTimestamp.ToString(), header, body, old, VectorTime).IsValid);
        Assert.True(WebhookSignature.Verify("msg_1", VectorTimestamp.ToString(), header, body, current, VectorTime).IsValid);
        Assert.False(WebhookSignature.Verify("msg_1", VectorTimestamp.ToString(), header, body, WebhookSecret.Generate(), VectorTime).IsValid);
    }

    [Fact]
    public void A_new_secret_is_whsec_and_base64_of_32_random_bytes()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => WebhookSecret.Generate()).ToList();

        Assert.All(secrets, s => Assert.StartsWith("whsec_", s));
        Assert.All(secrets, s => Assert.Equal(32, Convert.FromBase64String(s["whsec_".Length..]).Length));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes: too short to be a key
    public void What_is_not_a_secret_is_refused(string secret) => Assert.Null(WebhookSecret.TryDecode(secret));
}
