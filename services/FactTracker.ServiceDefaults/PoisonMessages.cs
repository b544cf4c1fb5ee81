using System.Collections;
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

    /// <summary>The first missing required member of <paramref name="value"/> (a path like <c>Figures[0].Value.Kind</c>), or null.</summary>
    public static string? FirstProblem(object? value, string path)
    {
        if (value is null || value.GetType().Assembly != Contracts) return null;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            var member = property.GetValue(value);
            var where = $"{path}.{property.Name}";
            if (member is null)
                // NullabilityInfoContext is not thread-safe, and consumers run concurrently: one per check.
            {
                if (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.NotNull)
                    return $"{where} is missing";
                continue;
            }
            if (member is Guid id && id == Guid.Empty && property.PropertyType == typeof(Guid)) return $"{where} is empty";
            if (member is string) continue;
            if (member is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is null) return $"{where}[{i}] is missing";
                    if (FirstProblem(item, $"{where}[{i}]") is { } inner) return inner;
                    i++;
                }
                continue;
            }
            if (FirstProblem(member, where) is { } nested) return nested;
        }
        return null;
    }
}
