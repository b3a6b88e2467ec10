using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class TypedSignatureTests
{
    private static FormDefinition Form(bool typedNameSuffices) => new()
    {
        Id = "consent", Version = 1, Title = "Consent",
        Pages = [new FormPage { Id = "p", Title = "Sign", Fields = [new FieldDefinition { Id = "sig", Type = FieldType.Signature, Label = "Sign", Required = true, Rules = new ValidationRules { TypedNameSuffices = typedNameSuffices } }] }],
    };

    [Theory]
    [InlineData(true, "", true)]
    [InlineData(false, "", false)]
    [InlineData(true, "data:image/png;base64,PHN2Zz4=", false)] // a drawing that is sent is still checked
    public void A_typed_name_alone_signs_only_when_the_form_allows_it(bool typedNameSuffices, string drawing, bool valid)
    {
        var answers = new FormAnswers().Set("sig", new SignatureAnswer("Ana Müller", drawing));
        Assert.Equal(valid, new FormValidator().Validate(Form(typedNameSuffices), answers).IsValid);
    }

    [Fact]
    public void A_drawing_without_a_typed_name_never_signs()
    {
        var answers = new FormAnswers().Set("sig", new SignatureAnswer("", TestPng.DataUri(TestPng.Signature())));
        Assert.False(new FormValidator().Validate(Form(true), answers).IsValid);
    }
}
