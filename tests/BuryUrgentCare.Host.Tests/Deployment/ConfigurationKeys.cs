using System.ComponentModel;
using System.Reflection;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.History;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Realtime;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Deployment;

/// <summary>
/// Whether an environment variable of a deployment file names a value the host's options classes bind, the way
/// ASP.NET Core's configuration does (<c>__</c> between sections, names case-insensitive, list items by index,
/// dictionary keys free), and whether its value converts to the property's type. A misspelt key is otherwise ignored
/// in silence and the default used.
/// </summary>
internal static class ConfigurationKeys
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [KafkaOptions.Section] = typeof(KafkaOptions),
        [HistoryOptions.SectionName] = typeof(HistoryOptions),
        [ProcessingOptions.Section] = typeof(ProcessingOptions),
        [EscalationOptions.Section] = typeof(EscalationOptions),
        [GatewayOptions.Section] = typeof(GatewayOptions),
        [RealtimeOptions.Section] = typeof(RealtimeOptions),
        [JobsOptions.SectionName] = typeof(JobsOptions),
        [SimulatorOptions.Section] = typeof(SimulatorOptions),
        [Access.AccessOptions.Section] = typeof(Access.AccessOptions),
    };

    /// <summary>Null when <paramref name="variable"/> names a bound value and <paramref name="value"/> (if given) converts; else why not.</summary>
    public static string? Problem(string variable, string? value)
    {
        var path = variable.Split("__");
        if (path.Length < 2 || !Sections.TryGetValue(path[0], out var type))
        {
            return $"{variable}: '{path[0]}' is not a configuration section of the host ({string.Join(", ", Sections.Keys)})";
        }

        for (var i = 1; i < path.Length; i++)
        {
            var segment = path[i];
            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
            }
            else if (ListElementType(type) is { } elementType)
            {
                if (!int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    return $"{variable}: '{segment}' must be a list index";
                }

                type = elementType;
            }
            else if (type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            {
                type = property.PropertyType;
            }
            else
            {
                return $"{variable}: {type.Name} has no property '{segment}'";
            }
        }

        var leaf = Nullable.GetUnderlyingType(type) ?? type;
        if (!IsValue(leaf))
        {
            return $"{variable} names a section ({leaf.Name}), not a value";
        }

        if (value is null)
        {
            return null;
        }

        try
        {
            TypeDescriptor.GetConverter(leaf).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException || ex.InnerException is FormatException)
        {
            return $"{variable}: '{value}' is not a {leaf.Name}";
        }
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static Type? DictionaryValueType(Type type) =>
        Interfaces(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
            ?.GetGenericArguments()[1];

    private static Type? ListElementType(Type type) =>
        type == typeof(string) ? null
        : Interfaces(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>))?.GetGenericArguments()[0];

    private static IEnumerable<Type> Interfaces(Type type) => type.IsInterface ? type.GetInterfaces().Prepend(type) : type.GetInterfaces();
}
