using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace FactTracker.Verification.VerifierConsole;

/// <summary>One ASP.NET Core data protection key (an XML element), as a document in Verification's schema.</summary>
public sealed class CookieKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// Keeps the keys that encrypt the console's sign-in, antiforgery and message cookies in PostgreSQL, so every instance of
/// Verification reads a cookie another instance wrote. With the default (a folder in each container) a verifier behind a
/// load balancer is signed out, or refused a form, whenever a request lands on another replica.
/// Like the rest of the database, the stored keys are protected by PostgreSQL's access control, not encrypted again.
/// </summary>
public sealed class CookieKeyRepository(IDocumentStore store) : IXmlRepository
{
    // IXmlRepository is synchronous; ASP.NET Core calls it rarely (start-up, key rotation) and caches the key ring.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<CookieKey>().ToListAsync();
        return keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        await using var session = store.LightweightSession();
        session.Store(new CookieKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        await session.SaveChangesAsync();
    }

    public static void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(opts => opts.Schema.For<CookieKey>());
        builder.Services.AddDataProtection().SetApplicationName("facttracker-verification");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new CookieKeyRepository(sp.GetRequiredService<IDocumentStore>())));
    }
}
