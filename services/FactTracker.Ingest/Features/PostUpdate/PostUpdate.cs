using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Ingest.Updates;
using FactTracker.ServiceDefaults;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Mvc;

namespace FactTracker.Ingest.Features.PostUpdate;

public sealed record PostUpdateRequest(
    string? Story,
    string? Text,
    string? Source,
    DateTimeOffset? PublishedAt,
    string? Url,
    List<FigureInput>? Figures);

/// <summary>A figure a newsroom attaches; <c>value</c> is a number or {kind, low, high, words}.</summary>
public sealed record FigureInput(string? Metric, string? Subject, JsonElement? Value, string? Source, string? Quote);

public sealed record UpdateAccepted(Guid Id, string Story, DateTimeOffset ReceivedAt, bool Duplicate);

public static class PostUpdate
{
    public const int MaxTextLength = 50_000;
    public const int MaxSourceLength = 200;
    public const int MaxQuoteLength = 1_000;
    public const int MaxUrlLength = 2_048;
    public const int MaxFigures = 50;
    public const int MaxIdempotencyKeyLength = 255;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/updates", Handle)
            .WithName("PostUpdate")
            .WithTags("Updates")
            .WithSummary("Accept a newsroom update; its figures become claims for review.")
            .RequireAuthorization(Policies.Newsroom)
            .Produces<UpdateAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Handle(
        PostUpdateRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        GroupCommits commits,
        IDocumentStore store,
        TimeProvider clock,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var validation = new Validation();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
            validation.Add("Idempotency-Key", $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters");
        var figures = Validate(request, now, validation);
        if (!validation.IsValid) return validation.Problem();

        var update = new Update
        {
            Id = Guid.CreateVersion7(now),
            Story = request.Story!,
            Text = request.Text!,
            Source = request.Source!.Trim(),
            PublishedAt = request.PublishedAt!.Value,
            Url = request.Url,
            Figures = figures,
            ReceivedAt = now,
            IdempotencyKey = idempotencyKey,
            PostedBy = user.PrincipalId(),
        };
        // Keys are per principal: one newsroom's key never answers with another's update.
        var scopedKey = idempotencyKey is null ? null : $"{update.PostedBy:N}/{idempotencyKey}";
        // Only a keyed request can be replayed, so only it needs its body's hash.
        var hash = scopedKey is null ? "" : RequestHash(request);
        var message = new UpdateReceived(update.Id, update.Story, update.Text, update.Source,
            update.PublishedAt, update.Url, update.Figures, update.ReceivedAt, update.PostedBy);
        try
        {
            // Committed with the updates posted at the same moment; answered once that commit is durable.
            await commits.CommitAsync(session =>
            {
                if (scopedKey is not null)
                    session.Insert(new IdempotencyRecord { Id = scopedKey, UpdateId = update.Id, RequestHash = hash, CreatedAt = now });
                session.Insert(update);
                session.PublishAfterCommit(message);
            }, ct);
        }
        catch (DocumentAlreadyExistsException) when (scopedKey is not null)
        {
            return await Replay(scopedKey, idempotencyKey!, hash, store, ct);
        }

        return Results.Accepted($"/v1/updates/{update.Id}", new UpdateAccepted(update.Id, update.Story, update.ReceivedAt, false));
    }

    /// <summary>The same key again: the same answer if it is the same request, an error if not.</summary>
    private static async Task<IResult> Replay(string scopedKey, string key, string hash, IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var record = await query.LoadAsync<IdempotencyRecord>(scopedKey, ct);
        var update = record is null ? null : await query.LoadAsync<Update>(record.UpdateId, ct);
        if (record is null || update is null)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A request with this Idempotency-Key is in progress.");
        if (record.RequestHash != hash)
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This Idempotency-Key was used for a different update.",
                detail: $"Idempotency-Key '{key}' already produced update {record.UpdateId} from a different request body.",
                extensions: new Dictionary<string, object?> { ["field"] = "Idempotency-Key" });
        return Results.Accepted($"/v1/updates/{update.Id}", new UpdateAccepted(update.Id, update.Story, update.ReceivedAt, true));
    }

    private static List<ReportedFigure> Validate(PostUpdateRequest r, DateTimeOffset now, Validation v)
    {
        if (string.IsNullOrEmpty(r.Story)) v.Add("story", "story is required");
        else if (!Slug.IsValid(r.Story)) v.Add("story", "story must be a lower-case slug of letters, digits and '-' (at most 80), e.g. kazakhstan-unrest-2022");
        v.Require("text", r.Text, MaxTextLength);
        v.Require("source", r.Source, MaxSourceLength);
        if (r.PublishedAt is null) v.Add("publishedAt", "publishedAt is required (ISO 8601 with offset)");
        else if (r.PublishedAt > now + MaxClockSkew) v.Add("publishedAt", "publishedAt is in the future");
        if (r.Url is not null && (r.Url.Length > MaxUrlLength
            || !Uri.TryCreate(r.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            v.Add("url", $"url must be an absolute http(s) URL of at most {MaxUrlLength} characters");

        var figures = new List<ReportedFigure>();
        if (r.Figures is null) return figures;
        if (r.Figures.Count > MaxFigures) { v.Add("figures", $"at most {MaxFigures} figures per update"); return figures; }
        for (var i = 0; i < r.Figures.Count; i++)
        {
            var f = r.Figures[i];
            var at = $"figures[{i}]";
            if (f is null) { v.Add(at, "a figure is required"); continue; }
            if (!Metrics.IsKnown(f.Metric)) v.Add($"{at}.metric", $"metric must be one of {string.Join(", ", Metrics.All)}");
            var subject = Slug.Normalize(f.Subject);
            if (subject is null) v.Add($"{at}.subject", "subject is required: who was counted, e.g. people, security-forces");
            FigureValue? value = null;
            if (f.Value is not { } json || json.ValueKind == JsonValueKind.Null) v.Add($"{at}.value", "value is required");
            else if (FigureValueJson.TryRead(json, out var parsed) is { } problem) v.Add($"{at}.value", $"value {problem}");
            else value = parsed;
            v.MaxLength($"{at}.source", f.Source, MaxSourceLength);
            if (f.Quote is not null)
            {
                if (f.Quote.Length > MaxQuoteLength) v.Add($"{at}.quote", $"quote must be at most {MaxQuoteLength} characters");
                else if (r.Text is not null && !r.Text.Contains(f.Quote, StringComparison.Ordinal))
                    v.Add($"{at}.quote", "quote must appear word for word in text");
            }
            if (value is not null && subject is not null && Metrics.IsKnown(f.Metric))
                figures.Add(new ReportedFigure(f.Metric!, subject, value,
                    string.IsNullOrWhiteSpace(f.Source) ? null : f.Source.Trim(), f.Quote));
        }
        return figures;
    }

    private static string RequestHash(PostUpdateRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
