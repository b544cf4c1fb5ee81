using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using FactTracker.Contracts;
using MassTransit;

namespace FactTracker.ServiceDefaults;

/// <summary>
/// A message no number of retries can handle, e.g. a contract that fails validation. The retry policy ignores it,
/// so the message goes to its endpoint's <c>_error</c> queue at once and the messages behind it keep flowing.
/// </summary>
public sealed class PoisonMessageException(string message) : Exception(message);

/// <summary>
/// Refuses a contract whose non-nullable members are missing (null, or an empty id) before any consumer sees it:
/// a sender on another build, or a hand-made message, must not reach a decider with half a message.
/// </summary>
public sealed class ContractValidationFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (ContractValidation.FirstProblem(context.Message, typeof(T).Name) is { } problem)
            throw new PoisonMessageException($"{typeof(T).Name} failed validation: {problem}");
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("contractValidation");
}

public static class ContractValidation
{
    private static readonly Assembly Contracts = typeof(UpdateReceived).Assembly;

    /// <summary>A contract's members as validation reads them, found once per type: every consumed message is checked.</summary>
    private sealed record Member(PropertyInfo Property, bool Required, bool IsGuid);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    {
        // NullabilityInfoContext is not thread-safe: one per type, inside the cache's factory.
        var nullability = new NullabilityInfoContext();
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => new Member(p,
                !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull,
                p.PropertyType == typeof(Guid)))
            .ToArray();
    });

    /// <summary>The first missing required member of <paramref name="value"/> (a path like <c>Figures[0].Value.Kind</c>), or null.</summary>
    public static string? FirstProblem(object? value, string path) =>
        Problem(value) is { } problem ? path + problem : null;

    /// <summary>The problem's path below <paramref name="value"/>, built only when there is one.</summary>
    private static string? Problem(object? value)
    {
        if (value is null || value.GetType().Assembly != Contracts) return null;
        foreach (var m in MembersOf(value.GetType()))
        {
            var member = m.Property.GetValue(value);
            if (member is null)
            {
                if (m.Required) return $".{m.Property.Name} is missing";
                continue;
            }
            if (m.IsGuid && (Guid)member == Guid.Empty) return $".{m.Property.Name} is empty";
            if (member is string) continue;
            if (member is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is null) return $".{m.Property.Name}[{i}] is missing";
                    if (Problem(item) is { } inner) return $".{m.Property.Name}[{i}]{inner}";
                    i++;
                }
                continue;
            }
            if (Problem(member) is { } nested) return $".{m.Property.Name}{nested}";
        }
        return null;
    }
}
