using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FactTracker.ServiceDefaults;

/// <summary>Every error leaves as RFC 9457 problem details; bad JSON names the field it broke at.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var json = FindJsonException(bad);
            if (json is not null)
            {
                var field = FieldName(json.Path);
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [field] = [JsonMessage(json)],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this endpoint.",
                    Detail = $"Field '{field}': {JsonMessage(json)}",
                };
            }
            else if (BoundParameter(bad.Message) is { } parameter)
            {
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [parameter] = [$"{parameter} has the wrong type or format"],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request has invalid fields.",
                    Detail = $"{parameter}: has the wrong type or format",
                };
            }
            else
            {
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                        StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
                        _ => "The request is malformed.",
                    },
                    Detail = bad.Message,
                };
            }
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "FactTracker could not complete the request.",
            };
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The parameter a binding failure names: 'Failed to bind parameter "int page" from "abc".' gives "page".</summary>
    internal static string? BoundParameter(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:[^\" ]+ )?([A-Za-z0-9_]+)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static JsonException? FindJsonException(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is JsonException j) return j;
        return null;
    }

    /// <summary>"$.figures[0].value" becomes "figures[0].value"; the whole body is "body".</summary>
    internal static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string JsonMessage(JsonException json)
    {
        // System.Text.Json messages name CLR types; say what a client can act on instead.
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return "is not a field of this request";
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return "has the wrong type or format";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
