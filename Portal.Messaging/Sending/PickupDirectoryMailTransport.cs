using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Messaging.Sending;

/// <summary>
/// Development mail capture: writes each message as an .eml file that the portal's
/// development mail page lists. Files appear whole (written aside, then moved).
/// </summary>
public sealed class PickupDirectoryMailTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    private readonly string _directory = options.Value.PickupDirectory!;

    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(_directory, name + ".tmp");
        await using (var file = File.Create(temporary))
            await message.WriteToAsync(file, cancellationToken);
        File.Move(temporary, Path.Combine(_directory, name));
    }
}
