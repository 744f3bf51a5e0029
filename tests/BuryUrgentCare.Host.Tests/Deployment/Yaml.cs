using YamlDotNet.RepresentationModel;

namespace BuryUrgentCare.Deployment;

/// <summary>Reading parsed YAML by path, failing with the path when a node is not there.</summary>
internal static class Yaml
{
    public static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys, or list indexes as numbers).</summary>
    public static YamlNode At(this YamlNode node, params string[] path)
    {
        var at = node;
        foreach (var step in path)
        {
            at = at switch
            {
                YamlMappingNode map when map.Children.TryGetValue(new YamlScalarNode(step), out var child) => child,
                YamlSequenceNode list when int.TryParse(step, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < list.Children.Count => list.Children[i],
                _ => throw new ShouldAssertException($"No '{string.Join('.', path)}' in the YAML (stopped at '{step}')."),
            };
        }

        return at;
    }

    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        try
        {
            return node.At(path);
        }
        catch (ShouldAssertException)
        {
            return null;
        }
    }

    public static string Text(this YamlNode node, params string[] path) =>
        node.At(path) is YamlScalarNode { Value: { } value } ? value : throw new ShouldAssertException($"'{string.Join('.', path)}' is not a scalar.");

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode list ? list.Children : throw new ShouldAssertException($"'{string.Join('.', path)}' is not a list.");

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value))
            : throw new ShouldAssertException($"'{string.Join('.', path)}' is not a mapping.");
}
