using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Identity;

namespace FactTracker.Cli.Keys;

/// <summary>
/// API keys: create, list and revoke them through Verification's admin API with an admin key; bootstrap writes the
/// first admin straight into the identity schema, only while there is none.
/// </summary>
public static class KeysCommand
{
    public const int AdminExistsExitCode = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record KeyRow(Guid Id, string Name, string Principal, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt,
        DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke API keys (admin), or bootstrap the first admin.");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(Bootstrap());
        return command;
    }

    private static Option<string> Verification() =>
        ServiceCalls.UrlOption("--verification", "http://127.0.0.1:5103", "Base URL of the Verification service");

    private static Option<string> AdminKey()
    {
        var option = new Option<string>("--admin-key")
        {
            Description = "An admin's API key (default: $FACTTRACKER_ADMIN_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACTTRACKER_ADMIN_KEY") ?? "",
            HelpName = "key",
        };
        option.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) r.AddError("--admin-key (or FACTTRACKER_ADMIN_KEY) is required");
        });
        return option;
    }

    private static Option<string> Format() => new("--format")
    {
        Description = "text, json, or key (the key alone, for scripts)",
        DefaultValueFactory = _ => "text",
    };

    private static Command CreateKey()
    {
        var verification = Verification();
        var adminKey = AdminKey();
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string>("--name") { Description = "The principal's unique name, e.g. alice", Required = true };
        var keyName = new Option<string?>("--key-name") { Description = "A name for this key, e.g. alice-laptop" };
        var format = Format();
        var command = new Command("create", "Create a key for a principal (created if new); the key is shown only this once.")
        {
            verification, adminKey, role, name, keyName, format,
        };
        command.SetAction(async (result, ct) =>
        {
            var url = new Uri(ServiceCalls.ParseBaseUrl(result.GetValue(verification))!, "v1/keys");
            using var response = await ServiceCalls.SendAsync(() => Authorized(HttpMethod.Post, url, result.GetValue(adminKey)!,
                JsonContent.Create(new { name = result.GetValue(name), role = result.GetValue(role), keyName = result.GetValue(keyName) })), ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                return 1;
            }
            var created = (await response.Content.ReadFromJsonAsync<CreatedKey>(JsonSerializerOptions.Web, ct))!;
            Print(created, result.GetValue(format)!);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var verification = Verification();
        var adminKey = AdminKey();
        var format = Format();
        var command = new Command("list", "Every key: principal, roles, created, last used, revoked (never the key itself).")
        {
            verification, adminKey, format,
        };
        command.SetAction(async (result, ct) =>
        {
            var url = new Uri(ServiceCalls.ParseBaseUrl(result.GetValue(verification))!, "v1/keys");
            using var response = await ServiceCalls.SendAsync(() => Authorized(HttpMethod.Get, url, result.GetValue(adminKey)!), ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                return 1;
            }
            var keys = (await response.Content.ReadFromJsonAsync<List<KeyRow>>(JsonSerializerOptions.Web, ct))!;
            if (result.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(keys, Json));
                return 0;
            }
            Console.WriteLine($"{"ID",-36}  {"PRINCIPAL",-20} {"ROLES",-20} {"KEY NAME",-24} {"LAST USED",-20} REVOKED");
            foreach (var k in keys)
                Console.WriteLine($"{k.Id,-36}  {k.Principal,-20} {string.Join(",", k.Roles),-20} {k.Name,-24} " +
                                  $"{k.LastUsedAt?.ToString("yyyy-MM-dd HH:mm") ?? "never",-20} {k.RevokedAt?.ToString("yyyy-MM-dd HH:mm") ?? ""}");
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var verification = Verification();
        var adminKey = AdminKey();
        var id = new Argument<Guid>("id") { Description = "The key's id (see keys list)" };
        var command = new Command("revoke", "Revoke a key: Verification refuses it at once, the other services within 30 seconds.")
        {
            verification, adminKey, id,
        };
        command.SetAction(async (result, ct) =>
        {
            var url = new Uri(ServiceCalls.ParseBaseUrl(result.GetValue(verification))!, $"v1/keys/{result.GetValue(id)}/revoke");
            using var response = await ServiceCalls.SendAsync(() => Authorized(HttpMethod.Post, url, result.GetValue(adminKey)!), ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                return 1;
            }
            Console.WriteLine($"revoked {result.GetValue(id)}");
            return 0;
        });
        return command;
    }

    private static Command Bootstrap()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "PostgreSQL connection string (default: $ConnectionStrings__postgres)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__postgres") ?? "",
            HelpName = "connection-string",
        };
        connection.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) r.AddError("--connection (or ConnectionStrings__postgres) is required");
        });
        var name = new Option<string>("--name") { Description = "The admin's name", DefaultValueFactory = _ => "admin" };
        var format = Format();
        var command = new Command("bootstrap",
            $"Write the first admin and its key into the identity schema; does nothing (exit {AdminExistsExitCode}) when an admin with a live key exists.")
        {
            connection, name, format,
        };
        command.SetAction(async (result, ct) =>
        {
            await using var identity = new IdentityStore(result.GetValue(connection)!);
            await identity.ApplySchemaAsync(ct);
            if (await IdentityCommands.AnyAdminAsync(identity.Documents, ct))
            {
                Console.Error.WriteLine("An admin with a live key exists already: nothing done. Create keys with `facttracker keys create --admin-key ...`.");
                return AdminExistsExitCode;
            }
            var created = await IdentityCommands.CreateKeyAsync(identity.Documents, result.GetValue(name)!, Roles.Admin, "bootstrap",
                DateTimeOffset.UtcNow, ct);
            Print(created, result.GetValue(format)!);
            return 0;
        });
        return command;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, Uri url, string key, HttpContent? content = null) => new(method, url)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
        Content = content,
    };

    private static void Print(CreatedKey created, string format)
    {
        switch (format)
        {
            case "key":
                Console.WriteLine(created.Key);
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(created, Json));
                break;
            default:
                Console.WriteLine($"Key '{created.Name}' ({created.KeyId}) for {created.PrincipalName} ({created.Role}):");
                Console.WriteLine($"  {created.Key}");
                Console.WriteLine("It is shown only this once: store it now.");
                break;
        }
    }
}
