namespace Portal.Forms.Definitions;

/// <summary>The kinds of question a form can ask; each kind has one answer shape.</summary>
public enum FieldType
{
    /// <summary>One line of free text.</summary>
    ShortText,

    /// <summary>Several lines of free text.</summary>
    LongText,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>A calendar date without a time.</summary>
    Date,

    /// <summary>An email address.</summary>
    Email,

    /// <summary>A telephone number.</summary>
    Phone,

    /// <summary>Exactly one option, shown as radio buttons.</summary>
    SingleChoice,

    /// <summary>Any number of options, shown as check boxes.</summary>
    MultipleChoice,

    /// <summary>Exactly one option, shown as a drop-down list.</summary>
    Dropdown,

    /// <summary>Several statements (rows) rated on one shared scale (the options).</summary>
    LikertMatrix,

    /// <summary>A whole number from 0 to 10, as used for "how likely are you to recommend".</summary>
    Scale0To10,

    /// <summary>A check box the patient must tick to agree.</summary>
    Consent,

    /// <summary>A typed name plus a drawn signature image.</summary>
    Signature,

    /// <summary>An uploaded file; the engine keeps its metadata, storage keeps the bytes.</summary>
    FileUpload,
}
