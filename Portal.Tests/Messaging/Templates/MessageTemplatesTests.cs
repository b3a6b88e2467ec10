using Portal.Messaging.Templates;

namespace Portal.Tests.Messaging.Templates;

public sealed class MessageTemplatesTests
{
    private static readonly MergeValues Values = new("Jordan Lee", "Dr. Sam Staff", "Riverside Clinic");

    [Fact]
    public void Fills_every_known_merge_field_in_every_template()
    {
        foreach (var template in MessageTemplates.All)
        {
            var text = MessageTemplates.Render(template.Subject + "\n" + template.Body, Values);
            Assert.DoesNotContain("{{", text);
        }
        Assert.Equal("Dear Jordan, from Dr. Sam Staff at Riverside Clinic (Jordan Lee)",
            MessageTemplates.Render("Dear {{patient.first_name}}, from {{ staff.name }} at {{organisation.name}} ({{patient.full_name}})", Values));
    }

    [Fact]
    public void Leaves_unknown_fields_visible_and_inserts_values_verbatim()
    {
        Assert.Equal("Hi {{patient.ssn}}", MessageTemplates.Render("Hi {{patient.ssn}}", Values));
        // A value that itself looks like a field is not expanded again.
        Assert.Equal("Dear {{staff.name}}", MessageTemplates.Render("Dear {{patient.full_name}}", Values with { PatientFullName = "{{staff.name}}" }));
    }
}
