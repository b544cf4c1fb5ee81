using FactTracker.Identity;
using FactTracker.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactTracker.Verification.VerifierConsole.Pages;

/// <summary>Checks a verifier's key with the identity library's validation (the API's own) and keeps its principal in the cookie.</summary>
public sealed class SignInModel(ApiKeyAuthenticator authenticator) : PageModel
{
    public string? Problem { get; private set; }
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (User.Identity?.IsAuthenticated == true && !User.IsInRole(Roles.Verifier))
            Problem = "This key's principal is not a verifier.";
    }

    public async Task<IActionResult> OnPostAsync(string? key, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl;
        var found = string.IsNullOrWhiteSpace(key) ? null : await authenticator.AuthenticateAsync(key.Trim(), ct);
        if (found is not var (apiKey, principal))
        {
            Problem = "That key is unknown or was revoked.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        if (!principal.Roles.Contains(Roles.Verifier))
        {
            Problem = $"{principal.Name} is not a verifier: only verifiers sign in to the console.";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleSetup.CookieScheme, ApiKeyAuthenticator.PrincipalFor(apiKey, principal, ConsoleSetup.CookieScheme),
            new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith(ConsoleSetup.PathBase, StringComparison.Ordinal) ? returnUrl : ConsoleSetup.PathBase);
    }
}
