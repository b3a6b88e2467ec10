using Microsoft.Extensions.Options;
using Portal.Messaging.Policy;

namespace Portal.Tests.Messaging.Policy;

/// <summary>The table of (content sensitivity x recipient capability) -> delivery method.</summary>
public sealed class EncryptionPolicyTests
{
    private static readonly EncryptionPolicy Default = new(Options.Create(new EncryptionPolicyOptions()));

    private static readonly RecipientCapabilities Nothing = RecipientCapabilities.None;
    private static readonly RecipientCapabilities TlsOnly = new(false, false, true);
    private static readonly RecipientCapabilities Certificate = new(true, false, true);
    private static readonly RecipientCapabilities PgpKey = new(false, true, false);
    private static readonly RecipientCapabilities Both = new(true, true, true);

    public static TheoryData<Sensitivity, string, DeliveryMethod> Table => new()
    {
        { Sensitivity.None, nameof(Nothing), DeliveryMethod.PortalPickup },          // no verified TLS: never in clear
        { Sensitivity.None, nameof(TlsOnly), DeliveryMethod.Tls },
        { Sensitivity.None, nameof(Certificate), DeliveryMethod.Smime },             // the strongest the recipient can receive
        { Sensitivity.None, nameof(PgpKey), DeliveryMethod.OpenPgp },
        { Sensitivity.LightPhi, nameof(Nothing), DeliveryMethod.PortalPickup },
        { Sensitivity.LightPhi, nameof(TlsOnly), DeliveryMethod.Tls },
        { Sensitivity.LightPhi, nameof(Certificate), DeliveryMethod.Smime },
        { Sensitivity.LightPhi, nameof(PgpKey), DeliveryMethod.OpenPgp },
        { Sensitivity.Phi, nameof(Nothing), DeliveryMethod.PortalPickup },
        { Sensitivity.Phi, nameof(TlsOnly), DeliveryMethod.PortalPickup },            // PHI needs end-to-end by default
        { Sensitivity.Phi, nameof(Certificate), DeliveryMethod.Smime },
        { Sensitivity.Phi, nameof(PgpKey), DeliveryMethod.OpenPgp },
        { Sensitivity.Phi, nameof(Both), DeliveryMethod.Smime },                      // S/MIME first when both are on file
        { Sensitivity.Restricted, nameof(Nothing), DeliveryMethod.PortalPickup },
        { Sensitivity.Restricted, nameof(TlsOnly), DeliveryMethod.PortalPickup },
        { Sensitivity.Restricted, nameof(Certificate), DeliveryMethod.PortalPickup }, // never leaves the portal
        { Sensitivity.Restricted, nameof(Both), DeliveryMethod.PortalPickup },
    };

    private static RecipientCapabilities Named(string name) => name switch
    {
        nameof(Nothing) => Nothing,
        nameof(TlsOnly) => TlsOnly,
        nameof(Certificate) => Certificate,
        nameof(PgpKey) => PgpKey,
        _ => Both,
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Chooses_the_strongest_method_the_recipient_can_receive(Sensitivity sensitivity, string recipient, DeliveryMethod expected)
    {
        var decision = Default.Decide(sensitivity, Named(recipient), "Office news", "The clinic has a new car park.");
        Assert.Equal(expected, decision.Method);
        Assert.Equal(sensitivity, decision.Sensitivity);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Content_that_looks_like_phi_raises_a_low_declared_sensitivity()
    {
        var decision = Default.Decide(Sensitivity.None, TlsOnly, "Your results", "Your HbA1c is 6.1%. Continue metformin 500 mg twice daily.");
        Assert.Equal(DeliveryMethod.PortalPickup, decision.Method);
        Assert.Equal(Sensitivity.Phi, decision.Sensitivity);
        Assert.Contains("medication", decision.Reason);
        Assert.DoesNotContain("metformin", decision.Reason); // the reason names categories, never content
    }

    [Fact]
    public void An_organisation_may_allow_phi_over_verified_tls()
    {
        var permissive = new EncryptionPolicy(Options.Create(new EncryptionPolicyOptions { MaxSensitivityOverTls = Sensitivity.Phi }));
        Assert.Equal(DeliveryMethod.Tls, permissive.Decide(Sensitivity.Phi, TlsOnly).Method);
        Assert.Equal(DeliveryMethod.PortalPickup, permissive.Decide(Sensitivity.Phi, Nothing).Method);
        Assert.Equal(DeliveryMethod.PortalPickup, permissive.Decide(Sensitivity.Restricted, TlsOnly).Method);
    }

    [Fact]
    public void Without_end_to_end_encryption_phi_goes_to_the_portal()
    {
        var portalOnly = new EncryptionPolicy(Options.Create(new EncryptionPolicyOptions { AllowEndToEndEncryption = false }));
        Assert.Equal(DeliveryMethod.PortalPickup, portalOnly.Decide(Sensitivity.Phi, Both).Method);
    }
}

public sealed class PhiDetectorTests
{
    [Theory]
    [InlineData("SSN 123-45-6789 on file", Sensitivity.Restricted, "government-id")]
    [InlineData("Your HIV test came back", Sensitivity.Restricted, "specially-protected-condition")]
    [InlineData("Referral to the methadone programme", Sensitivity.Restricted, "specially-protected-condition")]
    [InlineData("MRN: 00123456", Sensitivity.Phi, "record-number")]
    [InlineData("DOB 04/23/1980", Sensitivity.Phi, "date-of-birth")]
    [InlineData("You were diagnosed with asthma", Sensitivity.Phi, "diagnosis")]
    [InlineData("Code E11.9 recorded", Sensitivity.Phi, "diagnosis-code")]
    [InlineData("Take 20 mg each morning", Sensitivity.Phi, "medication")]
    [InlineData("Your cholesterol is fine", Sensitivity.Phi, "result")]
    [InlineData("Your test results are ready", Sensitivity.Phi, "result")]
    [InlineData("Reminder of your appointment on Tuesday", Sensitivity.LightPhi, "appointment")]
    public void Finds_each_kind_of_phi(string text, Sensitivity expected, string category)
    {
        var finding = PhiDetector.Detect(text);
        Assert.Equal(expected, finding.Sensitivity);
        Assert.Contains(category, finding.Categories);
    }

    [Theory]
    [InlineData("The clinic is closed on Monday for the holiday.")]
    [InlineData("Our new car park opens next week; parking is free.")]
    [InlineData("Call us on 555-0100 if you have questions.")]
    public void Leaves_ordinary_news_alone(string text) =>
        Assert.Equal(Sensitivity.None, PhiDetector.Detect(text).Sensitivity);

    [Fact]
    public void Takes_the_highest_level_over_subject_and_body()
    {
        var finding = PhiDetector.Detect("Appointment follow-up", "We discussed your pregnancy test.");
        Assert.Equal(Sensitivity.Restricted, finding.Sensitivity);
        Assert.Contains("appointment", finding.Categories);
    }

    [Fact]
    public void A_hostile_input_does_not_stall_detection()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        PhiDetector.Detect(new string('a', 200_000) + "!" + string.Concat(Enumerable.Repeat("MRN ", 20_000)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
