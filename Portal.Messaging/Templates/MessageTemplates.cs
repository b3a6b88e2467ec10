using System.Text.RegularExpressions;
using Portal.Messaging.Policy;

namespace Portal.Messaging.Templates;

/// <summary>A ready-made staff message with merge fields such as <c>{{patient.first_name}}</c>.</summary>
/// <param name="Key">Stable identifier used in links.</param>
/// <param name="Name">What staff see in the template list.</param>
/// <param name="Subject">Subject with merge fields.</param>
/// <param name="Body">Body with merge fields.</param>
/// <param name="Sensitivity">The sensitivity the template's content carries.</param>
public sealed record MessageTemplate(string Key, string Name, string Subject, string Body, Sensitivity Sensitivity);

/// <summary>The values merge fields take for one message.</summary>
/// <param name="PatientFullName">The patient's full name.</param>
/// <param name="StaffName">The sending staff member's name.</param>
/// <param name="OrganisationName">The practice or organisation.</param>
public sealed record MergeValues(string PatientFullName, string StaffName, string OrganisationName);

/// <summary>The built-in templates and their merge-field rendering.</summary>
public static partial class MessageTemplates
{
    /// <summary>Every built-in template.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } =
    [
        new("lab-result-ready", "Lab result ready",
            "Your lab results are ready",
            "Dear {{patient.first_name}},\n\nYour recent lab results are ready and have been reviewed by {{staff.name}}.\n\n[Write the result and what it means here.]\n\nIf you have questions, reply to this message.\n\n{{organisation.name}}",
            Sensitivity.Phi),
        new("appointment-follow-up", "Appointment follow-up",
            "Following up on your appointment",
            "Dear {{patient.first_name}},\n\nThank you for coming in. As discussed, [write the next steps here].\n\nPlease reply to this message if anything has changed.\n\n{{staff.name}}\n{{organisation.name}}",
            Sensitivity.LightPhi),
        new("general", "General message",
            "A message from {{organisation.name}}",
            "Dear {{patient.first_name}},\n\n[Write your message here.]\n\n{{staff.name}}",
            Sensitivity.Phi),
    ];

    /// <summary>The template with <paramref name="key"/>, or null.</summary>
    public static MessageTemplate? Find(string? key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>Replaces the known merge fields; an unknown field is left visible so staff notice it before sending.</summary>
    public static string Render(string text, MergeValues values) => Field().Replace(text, match => match.Groups[1].Value switch
    {
        "patient.first_name" => FirstName(values.PatientFullName),
        "patient.full_name" => values.PatientFullName,
        "staff.name" => values.StaffName,
        "organisation.name" => values.OrganisationName,
        _ => match.Value,
    });

    private static string FirstName(string fullName) => fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? fullName;

    [GeneratedRegex(@"\{\{\s*([a-z_.]+)\s*\}\}", RegexOptions.None, 200)]
    private static partial Regex Field();
}
