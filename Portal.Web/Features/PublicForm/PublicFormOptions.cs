using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Features.PublicForm;

public sealed class PublicFormOptions
{
    public const string SectionName = "PublicForms";

    /// <summary>A submission sent sooner than this after the form was opened is refused as automated.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a half-filled public form stays usable.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromHours(2);
}
