using Portal.Data.Messages;
using Portal.Grains.Patients;

namespace Portal.Tests.Grains;

public sealed class MessageLifetimeTests
{
    private static readonly DateTime Now = new(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static TheoryData<DateTime?, DateTime?, MessageState> Cases => new()
    {
        { null, null, MessageState.Active },
        { null, Now.AddTicks(10), MessageState.Active },
        { null, Now, MessageState.Expired }, // an expiry of exactly now has passed
        { null, Now.AddDays(-1), MessageState.Expired },
        { Now.AddMinutes(-1), null, MessageState.Recalled },
        { Now.AddMinutes(-1), Now.AddDays(-1), MessageState.Recalled }, // a recall is what staff did; it wins over expiry
        { Now.AddMinutes(-1), Now.AddDays(1), MessageState.Recalled },
    };

    /// <summary>The rule in memory and the rule as a database filter must never disagree, or a message the inbox shows
    /// as recalled could still be mailed.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_state_and_the_query_filter_follow_one_rule(DateTime? recalled, DateTime? expires, MessageState expected)
    {
        var message = new SecureMessage { RecalledUtc = recalled, ExpiresUtc = expires };
        Assert.Equal(expected, MessageLifetime.StateOf(message, Now));
        Assert.Equal(expected == MessageState.Active, MessageLifetime.IsCurrent(message, Now));
        Assert.Equal(expected == MessageState.Active, MessageLifetime.Current(Now).Compile()(message));
    }
}
