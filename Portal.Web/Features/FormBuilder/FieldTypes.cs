using Portal.Forms.Definitions;

namespace Portal.Web.Features.FormBuilder;

/// <summary>Question types in the words staff see.</summary>
public static class FieldTypes
{
    public static string Name(FieldType type) => type switch
    {
        FieldType.ShortText => "Short text",
        FieldType.LongText => "Long text",
        FieldType.Number => "Number",
        FieldType.Date => "Date",
        FieldType.Email => "Email address",
        FieldType.Phone => "Phone number",
        FieldType.SingleChoice => "Single choice (radio buttons)",
        FieldType.MultipleChoice => "Multiple choice (check boxes)",
        FieldType.Dropdown => "Drop-down list",
        FieldType.LikertMatrix => "Likert matrix",
        FieldType.Scale0To10 => "0-10 scale",
        FieldType.Consent => "Consent check box",
        FieldType.Signature => "E-signature",
        FieldType.FileUpload => "File upload",
        _ => type.ToString(),
    };
}
