using System.Net;
using System.Net.Http.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Publication.Tests.Signing;
using FactTracker.Testing;
using FactTracker.Webhooks;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>Real deliveries checked as a subscriber checks them: with the official standardwebhooks npm package, and with our own verifier.</summary>
public sealed class SigningTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private async Task<IReadOnlyList<ReceivedWebhook>> DeliverAsync(string path, int revisions)
    {
        var timeline = new FigureTimeline(NewStory());
        for (var i = 0; i < revisions; i++) await fixture.PublishAsync(timeline.Approve(Exact(10 + i)));
        return await Eventually.UntilAsync(() => Task.FromResult(fixture.ReceivedAt(path) is { } hooks && hooks.Count >= revisions ? hooks : null),
            $"{revisions} webhooks at {path}");
    }

    [Fact]
    public async Task Every_delivery_verifies_with_the_official_package_and_a_body_changed_by_one_byte_does_not()
    {
        var (subscription, path) = await fixture.CreateSubscriptionAsync();
        try
        {
            var hooks = await DeliverAsync(path, 3);
            var secret = subscription.Secret!;
            Assert.StartsWith("whsec_", secret);

            var tampered = hooks[0].RawBody.ToArray();
            var at = Array.IndexOf(tampered, (byte)'7') is >= 0 and var i ? i : tampered.Length / 2;
            tampered[at] = (byte)(tampered[at] == (byte)'7' ? '8' : tampered[at] ^ 1);
            var results = await StandardWebhooksVerifier.VerifyAsync([
                .. hooks.Select(h => StandardWebhooksVerifier.Input(secret, h)),
                StandardWebhooksVerifier.Input(secret, hooks[0], tampered),
                StandardWebhooksVerifier.Input(WebhookSecret.Generate(), hooks[0]),
            ]);

            Assert.Equal(["ok", "ok", "ok"], results.Take(3));
            Assert.StartsWith("fail", results[3]);
            Assert.StartsWith("fail", results[4]);
            foreach (var hook in hooks)
            {
                Assert.True(WebhookSignature.Verify(hook.Headers["webhook-id"], hook.Headers["webhook-timestamp"], hook.Headers["webhook-signature"],
                    hook.RawBody, secret, DateTimeOffset.UtcNow).IsValid);
                Assert.Matches("^v1,[A-Za-z0-9+/]{43}=$", hook.Headers["webhook-signature"]);
            }
            Assert.False(WebhookSignature.Verify(hooks[0].Headers["webhook-id"], hooks[0].Headers["webhook-timestamp"], hooks[0].Headers["webhook-signature"],
                tampered, secret, DateTimeOffset.UtcNow).IsValid);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task The_secret_is_shown_on_creation_and_rotation_only()
    {
        var (subscription, _) = await fixture.CreateSubscriptionAsync();
        try
        {
            var read = await fixture.Client.GetStringAsync($"/v1/subscriptions/{subscription.Id}");
            var list = await fixture.Client.GetStringAsync("/v1/subscriptions");
            Assert.DoesNotContain("whsec_", read);
            Assert.DoesNotContain(subscription.Secret!, list);
            Assert.DoesNotContain("\"secret\"", read);

            var rotated = await fixture.Client.PostAsync($"/v1/subscriptions/{subscription.Id}/rotate-secret", null);
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            var view = (await rotated.Content.ReadFromJsonAsync<SubscriptionView>())!;
            Assert.StartsWith("whsec_", view.Secret);
            Assert.NotEqual(subscription.Secret, view.Secret);
            Assert.InRange(view.PreviousSecretExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(23.9), DateTimeOffset.UtcNow.AddHours(24.1));
            Assert.DoesNotContain("whsec_", await fixture.Client.GetStringAsync($"/v1/subscriptions/{subscription.Id}"));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task After_a_rotation_each_webhook_carries_two_signatures_one_for_each_secret()
    {
        var (subscription, path) = await fixture.CreateSubscriptionAsync();
        try
        {
            var before = (await DeliverAsync(path, 1)).Single();
            Assert.Single(before.Headers["webhook-signature"].Split(' '));

            var rotated = (await (await fixture.Client.PostAsync($"/v1/subscriptions/{subscription.Id}/rotate-secret", null))
                .Content.ReadFromJsonAsync<SubscriptionView>())!;
            var figure = Revision(NewStory(), Exact(5));
            await fixture.PublishAsync(figure);
            var after = await Eventually.UntilAsync(() => Task.FromResult(fixture.ReceivedAt(path).FirstOrDefault(h => h.Body.Contains(figure.FigureId))),
                "a webhook after the rotation");

            var signatures = after.Headers["webhook-signature"].Split(' ');
            Assert.Equal(2, signatures.Length);
            var results = await StandardWebhooksVerifier.VerifyAsync([
                StandardWebhooksVerifier.Input(rotated.Secret!, after),
                StandardWebhooksVerifier.Input(subscription.Secret!, after),
                StandardWebhooksVerifier.Input(rotated.Secret!, before),
            ]);
            Assert.Equal(["ok", "ok"], results.Take(2));
            Assert.StartsWith("fail", results[2]); // the new secret did not sign what went out before it existed
            Assert.True(WebhookSignature.Verify(after.Headers["webhook-id"], after.Headers["webhook-timestamp"], signatures[0], after.RawBody,
                rotated.Secret!, DateTimeOffset.UtcNow).IsValid, "the new secret's signature comes first");
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }
}
