using ComputeUtility.Server.Logging;

namespace ComputeUtility.Server.Tests.Logging;

/// <summary>Every message the utility logs has an event id of its own, and every id comes from the one list in LogEvents.</summary>
public sealed class LogEventsTests
{
    private static readonly Assembly Server = typeof(LogEvents).Assembly;

    private static IEnumerable<(string Method, int Id)> LoggedMessages() =>
        from type in Server.GetTypes()
        from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        let message = method.GetCustomAttribute<LoggerMessageAttribute>()
        where message is not null
        select ($"{type.Name}.{method.Name}", message.EventId);

    private static IEnumerable<int> ListedIds() =>
        typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetRawConstantValue()!);

    [Fact]
    public void No_two_logged_messages_share_an_event_id()
    {
        var shared = LoggedMessages().GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();

        LoggedMessages().Should().NotBeEmpty();
        shared.Should().BeEmpty("an operator's filter on an event id must find one message");
    }

    [Fact]
    public void Every_logged_event_id_is_one_of_the_list_and_the_list_names_each_id_once()
    {
        var listed = ListedIds().ToList();

        listed.Should().OnlyHaveUniqueItems();
        LoggedMessages().Select(m => m.Id).Should().BeSubsetOf(listed, "a message takes its id from LogEvents, not from a number of its own");
        listed.Should().BeSubsetOf(LoggedMessages().Select(m => m.Id), "an id in the list is one some message uses");
    }
}
