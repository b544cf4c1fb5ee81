using FactTracker.Extraction;
using FactTracker.ServiceDefaults;

namespace FactTracker.Claims.Features.ExtractClaims;

public sealed record ExtractRequest(string? Text, string? Source);

public sealed record ExtractResponse(IReadOnlyList<ExtractedClaim> Claims);

/// <summary>A dry run: the claims a text would make, without storing anything.</summary>
public static class ExtractClaims
{
    public const int MaxTextLength = 200_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/extract", (ExtractRequest request) =>
            {
                var v = new Validation()
                    .Require("text", request.Text, MaxTextLength)
                    .MaxLength("source", request.Source, 200);
                if (!v.IsValid) return v.Problem();
                return Results.Ok(new ExtractResponse(ClaimExtractor.Extract(request.Text!, request.Source)));
            })
            .WithName("ExtractClaims")
            .RequireAuthorization(Policies.Authenticated)
            .WithTags("Claims")
            .WithSummary("The claims a text makes (metric, subject, value, quote with offsets, source, rule), without storing anything.")
            .Produces<ExtractResponse>()
            .ProducesValidationProblem();
}
