using System.Net;
using System.Text;
using FactTracker.Cli.Listen;

namespace FactTracker.Webhooks.Tests;

/// <summary>`facttracker listen` on a real port: it verifies, prints and answers as asked.</summary>
public sealed class ListenCommandTests
{
    private const string Body = """
        {"type":"figure.revised","timestamp":"2022-01-06T06:05:00Z","data":{"figureId":"kazakhstan-unrest-2022/injured/people",
        "revision":3,"change":"approved","targetRevision":null,"value":{"kind":"at_least","low":1000,"high":null,"words":"more than a thousand"},
        "previousValue":{"kind":"exact","low":748,"high":748,"words":null},"headline":{"kind":"at_least","low":1000,"high":null,"words":"more than a thousand"},
        "source":"Ministry of Health","quote":"more than a thousand people were injured"}}
        """;

    private static HttpRequestMessage Signed(Uri address, string secret, string body, string id = "msg_1")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/hooks")) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", WebhookSignature.Header(id, timestamp, bytes, [secret]));
        return request;
    }

    [Fact]
    public async Task It_verifies_prints_the_change_and_answers_with_the_chosen_status()
    {
        var secret = WebhookSecret.Generate();
        var output = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var address = new TaskCompletionSource<Uri>();
        var listening = ListenCommand.RunAsync(IPAddress.Loopback, 0, secret, 503, TextWriter.Synchronized(output), stop.Token, address.SetResult);
        using var http = new HttpClient();
        var at = await address.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var valid = await http.SendAsync(Signed(at, secret, Body));
        var tampered = Signed(at, secret, Body);
        tampered.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body.Replace("1000", "1001")));
        var refused = await http.SendAsync(tampered);
        var otherSecret = await http.SendAsync(Signed(at, WebhookSecret.Generate(), Body, "msg_2"));
        stop.Cancel();

        Assert.Equal(0, await listening);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, valid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherSecret.StatusCode);
        var printed = output.ToString();
        Assert.Contains("figure.revised  kazakhstan-unrest-2022/injured/people  revision 3", printed);
        Assert.Contains("748 → at least 1000 (more than a thousand)   source: Ministry of Health", printed);
        Assert.Contains("signature ok  webhook-id msg_1  -> 503", printed);
        Assert.Contains("signature INVALID: no signature matches  webhook-id msg_2  -> 401", printed);
    }

    [Fact]
    public void Each_kind_of_event_is_printed_readably()
    {
        var secret = WebhookSecret.Generate();
        string Print(string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var now = DateTimeOffset.UtcNow;
            var signature = WebhookSignature.Header("msg_x", now.ToUnixTimeSeconds(), bytes, [secret]);
            return ListenCommand.Receive("msg_x", now.ToUnixTimeSeconds().ToString(), signature, bytes, secret, 200, now).Text;
        }

        var contested = Print("""
            {"type":"figure.contested","data":{"figureId":"s/injured/people","revision":2,"contested":true,
            "headline":{"kind":"at_least","low":1000,"high":null,"words":null},
            "sources":[{"source":"Local authorities","value":{"kind":"exact","low":748,"high":748,"words":null}},
                       {"source":"Ministry of Health","value":{"kind":"at_least","low":1000,"high":null,"words":null}}]}}
            """);
        Assert.Contains("sources contradict each other", contested);
        Assert.Contains("748   source: Local authorities", contested);
        var disabled = Print("""{"type":"subscription.disabled","data":{"subscriptionId":"0193","url":"https://x.example","reason":"410 Gone"}}""");
        Assert.Contains("subscription.disabled  0193", disabled);
        Assert.Contains("https://x.example: 410 Gone", disabled);
        Assert.Contains("not a FactTracker event", Print("hello"));
    }
}
