using System.Net;
using FactTracker.Publication.Subscriptions;

namespace FactTracker.Publication.Tests.Subscriptions;

public sealed class EndpointAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.1.2.3", "private (RFC 1918)")]
    [InlineData("172.16.0.1", "private (RFC 1918)")]
    [InlineData("172.31.255.254", "private (RFC 1918)")]
    [InlineData("192.168.0.1", "private (RFC 1918)")]
    [InlineData("100.64.0.1", "shared carrier-grade NAT (100.64/10)")]
    [InlineData("100.127.255.255", "shared carrier-grade NAT (100.64/10)")]
    [InlineData("169.254.169.254", "link-local or cloud metadata")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("fc12::1", "unique-local")]
    [InlineData("::ffff:8.8.8.8", "IPv4-mapped")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped")]
    [InlineData("2002:0a00:0001::1", "6to4 private (RFC 1918)")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    public void A_non_public_address_is_forbidden_and_says_why(string address, string reason) =>
        Assert.Equal(reason, EndpointAddresses.WhyForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("2002:0808:0808::1")]
    public void A_public_address_is_allowed(string address) => Assert.Null(EndpointAddresses.WhyForbidden(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_matches_names_addresses_and_ranges()
    {
        Assert.Null(EndpointAllowList.TryParse("localhost, 127.0.0.1 ::1;10.1.0.0/16 hooks.internal.", out var list));

        Assert.True(list.Allows("localhost"));
        Assert.True(list.Allows("LOCALHOST"));
        Assert.True(list.Allows("hooks.internal"));
        Assert.True(list.Allows("127.0.0.1"));
        Assert.True(list.Allows("[::1]"));
        Assert.True(list.Allows("10.1.200.3"));
        Assert.False(list.Allows("10.2.0.1"));
        Assert.False(list.Allows("127.0.0.2"));
        Assert.False(list.Allows("evil.localhost"));
        Assert.True(EndpointAllowList.Empty.IsEmpty);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not a host!")]
    [InlineData("::1/129")]
    public void A_bad_allow_list_entry_is_reported(string text) => Assert.NotNull(EndpointAllowList.TryParse(text, out _));
}

public sealed class SubscriptionRulesTests
{
    [Fact]
    public void After_a_rotation_both_secrets_sign_until_the_old_one_expires()
    {
        var rotatedAt = new DateTimeOffset(2022, 1, 6, 12, 0, 0, TimeSpan.Zero);
        var s = new Subscription { Secret = "whsec_new", PreviousSecret = "whsec_old", PreviousSecretExpiresAt = rotatedAt.AddHours(24) };

        Assert.Equal(["whsec_new", "whsec_old"], s.SigningSecrets(rotatedAt.AddHours(23.9)));
        Assert.Equal(["whsec_new"], s.SigningSecrets(rotatedAt.AddHours(24)));
        Assert.Equal(["whsec_only"], new Subscription { Secret = "whsec_only" }.SigningSecrets(rotatedAt));
    }

    [Theory]
    [InlineData("5s,5m,30m,2h,5h,10h,10h", new[] { 5.0, 300, 1800, 7200, 18000, 36000, 36000 })]
    [InlineData("250ms 1d", new[] { 0.25, 86400 })]
    [InlineData("00:00:05, 00:05:00", new[] { 5.0, 300 })]
    [InlineData("", new double[0])]
    public void A_retry_schedule_reads_as_waits(string text, double[] seconds) =>
        Assert.Equal(seconds, WebhookOptions.ParseSchedule(text)!.Select(w => w.TotalSeconds));

    [Theory]
    [InlineData("5s,soon")]
    [InlineData("-5s")]
    public void A_bad_retry_schedule_is_refused(string text) => Assert.Null(WebhookOptions.ParseSchedule(text));

    private static WebhookEvent Event(string type = "figure.revised", string figure = "kz/injured/people") =>
        WebhookEvent.ForFigure(type, figure, 1, "{}");

    [Fact]
    public void A_filter_needs_every_list_it_has_to_match()
    {
        Assert.True(new SubscriptionFilter().Matches(Event()));
        Assert.True(new SubscriptionFilter(Stories: ["kz"], Metrics: ["injured"]).Matches(Event()));
        Assert.False(new SubscriptionFilter(Stories: ["kz"], Metrics: ["killed"]).Matches(Event()));
        Assert.False(new SubscriptionFilter(Figures: ["kz/killed/people"]).Matches(Event()));
        Assert.True(new SubscriptionFilter(EventTypes: ["figure.contested"]).Matches(Event("figure.contested")));
        Assert.False(new SubscriptionFilter(EventTypes: ["figure.contested"]).Matches(Event()));
    }

    [Fact]
    public void Operational_events_go_only_to_subscriptions_that_name_them()
    {
        var disabled = WebhookEvent.Operational(EventType.SubscriptionDisabled, "{}");
        Assert.False(new SubscriptionFilter().Matches(disabled));
        Assert.False(new SubscriptionFilter(Stories: ["kz"]).Matches(disabled));
        Assert.True(new SubscriptionFilter(Stories: ["kz"], EventTypes: [EventType.SubscriptionDisabled]).Matches(disabled));
    }
}
