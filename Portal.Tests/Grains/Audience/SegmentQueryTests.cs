using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Audience;

/// <summary>
/// Segments evaluated by the database over a population of its own (a portal of its own, so counts are exact): each
/// definition's count equals what the same rule gives over the known attributes in memory, for every kind of
/// condition, AND/OR groups and negation; an erased patient is in no segment; a sample shows coarse values only.
/// </summary>
public sealed class SegmentQueryTests(SegmentPopulation population) : IClassFixture<SegmentPopulation>
{
    private PortalFactory portal => population.Portal;

    private IReadOnlyList<SegmentPopulation.Known> _population => population.Patients;

    private Segments Segments => portal.Services.GetRequiredService<Segments>();

    private static SegmentCondition C(SegmentField field, params string[] values) => new() { Field = field, Values = values };

    public static TheoryData<string> Definitions => new() { "age", "sex", "language", "postal", "diabetes", "not diabetes", "flag or tag", "no visit in a year",
        "visit within 90 days", "upcoming", "missed", "three conditions", "nested", "portal visit within 30 days", "no portal visit in 60 days",
        "form within 30 days", "no form in 60 days" };

    private (SegmentGroup Definition, Func<SegmentPopulation.Known, bool> Expected) Case(string name)
    {
        var now = DateTime.UtcNow;
        int Age(SegmentPopulation.Known k) => now.Year - k.BirthYear;
        bool Diabetes(SegmentPopulation.Known k) => k.Codes.Any(c => c.StartsWith("E11", StringComparison.Ordinal));
        bool Upcoming(SegmentPopulation.Known k) => k.Appointments.Any(a => a.Start >= now && a.Start <= now.AddDays(30) && a.Status is AppointmentStatus.Booked or AppointmentStatus.Confirmed);
        bool NoVisitInYear(SegmentPopulation.Known k) => k.LastVisit is null || k.LastVisit.Value.ToDateTime(TimeOnly.MinValue) < now.AddDays(-365);
        SegmentGroup All(params SegmentCondition[] conditions) => new() { Conditions = conditions };
        return name switch
        {
            "age" => (All(new SegmentCondition { Field = SegmentField.Age, Min = 45, Max = 70 }), k => Age(k) is >= 45 and <= 70),
            "sex" => (All(C(SegmentField.Sex, "female", "Other")), k => k.Sex is AdministrativeSex.Female or AdministrativeSex.Other),
            "language" => (All(C(SegmentField.Language, "es")), k => k.Language.StartsWith("es", StringComparison.Ordinal)),
            "postal" => (All(C(SegmentField.PostalPrefix, "601", "59")), k => k.Postal.StartsWith("601", StringComparison.Ordinal) || k.Postal.StartsWith("59", StringComparison.Ordinal)),
            "diabetes" => (All(C(SegmentField.Diagnosis, "E11")), Diabetes),
            "not diabetes" => (All(C(SegmentField.Diagnosis, "e11") with { Negate = true }), k => !Diabetes(k)),
            "flag or tag" => (new SegmentGroup { Join = SegmentJoin.Any, Conditions = [C(SegmentField.RiskFlag, "Fall-Risk"), C(SegmentField.Tag, "newsletter")] },
                k => k.Flags.Length > 0 || k.Tags.Length > 0),
            "no visit in a year" => (All(new SegmentCondition { Field = SegmentField.LastVisit, Min = 365 }), NoVisitInYear),
            "visit within 90 days" => (All(new SegmentCondition { Field = SegmentField.LastVisit, Max = 90 }),
                k => k.LastVisit is { } v && v.ToDateTime(TimeOnly.MinValue) >= now.AddDays(-90)),
            "upcoming" => (All(new SegmentCondition { Field = SegmentField.UpcomingAppointment, Max = 30 }), Upcoming),
            "missed" => (All(new SegmentCondition { Field = SegmentField.MissedAppointment, Max = 60 }),
                k => k.Appointments.Any(a => a.Start >= now.AddDays(-60) && a.Start <= now && a.Status == AppointmentStatus.NoShow)),
            // "Patients with type 2 diabetes over 45 without a visit in a year."
            "three conditions" => (All(C(SegmentField.Diagnosis, "E11"), new SegmentCondition { Field = SegmentField.Age, Min = 45 },
                new SegmentCondition { Field = SegmentField.LastVisit, Min = 365 }), k => Diabetes(k) && Age(k) >= 45 && NoVisitInYear(k)),
            "nested" => (new SegmentGroup
            {
                Conditions = [C(SegmentField.Language, "en") with { Negate = true }],
                Groups = [new SegmentGroup { Join = SegmentJoin.Any, Conditions = [C(SegmentField.Diagnosis, "I10", "E78"), new SegmentCondition { Field = SegmentField.UpcomingAppointment, Max = 30 }] }],
            }, k => k.Language != "en" && (k.Codes.Any(c => c is "I10" || c.StartsWith("E78", StringComparison.Ordinal)) || Upcoming(k))),
            "portal visit within 30 days" => (All(new SegmentCondition { Field = SegmentField.PortalVisit, Max = 30 }), k => k.PortalVisit >= now.AddDays(-30)),
            "no portal visit in 60 days" => (All(new SegmentCondition { Field = SegmentField.PortalVisit, Min = 60 }), k => !(k.PortalVisit >= now.AddDays(-60))),
            "form within 30 days" => (All(new SegmentCondition { Field = SegmentField.FormCompleted, Max = 30 }), k => k.FormCompleted >= now.AddDays(-30)),
            "no form in 60 days" => (All(new SegmentCondition { Field = SegmentField.FormCompleted, Min = 60 }), k => !(k.FormCompleted >= now.AddDays(-60))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task The_database_count_matches_the_rule_over_the_known_attributes(string name)
    {
        var (definition, expected) = Case(name);
        var count = await Segments.CountAsync(definition);
        var ours = _population.Count(expected);
        Assert.True(ours is > 0 and < 40 || name is "age", $"the population should split on '{name}' ({ours} of 40)");
        // Patients outside this population (the team's staff have none) have empty profiles, which match only negations.
        var outside = await Segments.CountAsync(new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Sex, Values = ["unknown"] }] })
            - _population.Count(k => k.Sex == AdministrativeSex.Unknown);
        Assert.Equal(ours + (name is "not diabetes" or "no visit in a year" or "no portal visit in 60 days" or "no form in 60 days" ? outside : 0), count);
    }

    [Fact]
    public async Task An_erased_patient_is_in_no_segment_and_a_sample_shows_only_coarse_values()
    {
        var everyone = new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Age, Min = 0, Max = 130 }] };
        var before = await Segments.CountAsync(everyone);
        var admin = new AuditActor((await portal.CreateAccountAsync(PortalRoles.Admin)).Id, PortalRoles.Admin, null);
        var erased = await portal.CreatePatientAsync("Erin Erased", (await portal.TeamStaffAsync()).Id);
        Assert.Null(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(erased.Id)
            .UpdateProfileAsync(null, new ProfileDetails { DateOfBirth = new DateOnly(1970, 1, 1) }, await portal.TeamStaffActorAsync()));
        Assert.Equal(before + 1, await Segments.CountAsync(everyone));
        Assert.True(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<Portal.Grains.Patients.IPatientGrain>(erased.Id).EraseRecordAsync(admin));
        Assert.Equal(before, await Segments.CountAsync(everyone));

        var sample = await Segments.SampleAsync(everyone, new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null));
        Assert.Equal(Segments.SampleSize, sample.Count);
        Assert.All(sample, row =>
        {
            Assert.Matches(@"^Patient \d+$", row.Pseudonym);
            Assert.Matches(@"^\d+–\d+$", row.AgeBand);
        });
    }

    [Fact]
    public async Task A_bad_definition_is_refused_saying_where_and_saving_keeps_names_unique()
    {
        Assert.Equal("Group 1 of the segment, condition 1: ICD-10-CM codes start with a letter and two characters (E11, E11.6).",
            SegmentRules.Check(new SegmentGroup { Groups = [new SegmentGroup { Conditions = [C(SegmentField.Diagnosis, "'; DROP TABLE x")] }] }));
        Assert.Equal("Add a condition to the segment.", SegmentRules.Check(new SegmentGroup()));
        Assert.Equal("The segment, condition 1: portal visits are known for the last 90 days (sessions are kept that long).",
            SegmentRules.Check(new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.PortalVisit, Min = 120 }] }));
        Assert.Equal("The segment, condition 1: give either \"not within\" or \"within\" a number of days.",
            SegmentRules.Check(new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.FormCompleted, Min = 10, Max = 20 }] }));
        await Assert.ThrowsAsync<ArgumentException>(() => Segments.CountAsync(new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Age, Min = 80, Max = 20 }] }));

        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var definition = Case("three conditions").Definition;
        var (id, problem) = await Segments.SaveAsync(null, "Lapsed diabetics 45+", definition, marketer);
        Assert.Null(problem);
        Assert.Equal("Another segment has that name.", (await Segments.SaveAsync(null, " Lapsed diabetics 45+ ", definition, marketer)).Problem);
        var saved = await Segments.FindAsync(id!.Value);
        Assert.Equal(await Segments.CountAsync(definition), await Segments.CountAsync(saved!.Definition));
    }
}

/// <summary>Forty patients with seeded random attributes on a portal of their own, made once for the class.</summary>
public sealed class SegmentPopulation : IAsyncLifetime
{
    public sealed record Known(Guid Id, int BirthYear, AdministrativeSex Sex, string Language, string Postal, string[] Codes, string[] Flags, string[] Tags,
        DateOnly? LastVisit, (DateTime Start, AppointmentStatus Status)[] Appointments, DateTime? PortalVisit, DateTime? FormCompleted);

    private static readonly string[] CodePool = ["E11.9", "E11.65", "I10", "J45.909", "E78.5", "F32.A", "Z00.00"];

    public PortalFactory Portal { get; } = new();

    public List<Known> Patients { get; } = [];

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        var random = new Random(7);
        var staffAccount = await Portal.TeamStaffAsync();
        var staff = await Portal.TeamStaffActorAsync();
        var now = DateTime.UtcNow;
        for (var i = 0; i < 40; i++)
        {
            var patient = await Portal.CreatePatientAsync($"Segment Patient {i}", staffAccount.Id);
            var known = new Known(patient.Id, 1930 + random.Next(80), (AdministrativeSex)random.Next(4), random.Next(3) switch { 0 => "en", 1 => "es-mx", _ => "es" },
                $"{random.Next(590, 603)}{random.Next(10, 99)}", [.. CodePool.Where(_ => random.Next(4) == 0)], random.Next(3) == 0 ? ["fall-risk"] : [],
                random.Next(2) == 0 ? ["newsletter"] : [], random.Next(4) == 0 ? null : DateOnly.FromDateTime(now.AddDays(-random.Next(900))),
                [.. Enumerable.Range(0, random.Next(3)).Select(_ => (now.AddDays(random.Next(-60, 60)).AddMinutes(5), (AppointmentStatus)random.Next(1, 6)))],
                random.Next(3) == 0 ? null : now.AddDays(-random.Next(85)).AddHours(-1), random.Next(3) == 0 ? null : now.AddDays(-random.Next(120)).AddHours(-1));
            Patients.Add(known);
            var grain = Portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(patient.Id);
            Assert.Null(await grain.UpdateProfileAsync(null, new ProfileDetails
            {
                DateOfBirth = new DateOnly(known.BirthYear, 6, 15), Sex = known.Sex, Language = known.Language, PostalCode = known.Postal,
                RiskFlags = known.Flags, Tags = known.Tags, LastVisit = known.LastVisit,
            }, staff));
            foreach (var code in known.Codes)
                Assert.Null(await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, code), staff));
            foreach (var (start, status) in known.Appointments)
                Assert.Null(await grain.SaveAppointmentAsync(new AppointmentUpdate(start, status), staff));
            // Engagement as the portal records it: the patient's last signed-in session, a submitted form.
            await Portal.QueryAsync(async db =>
            {
                if (known.PortalVisit is { } seen)
                    db.UserSessions.Add(new Portal.Data.Identity.UserSession { Id = Guid.NewGuid(), UserId = known.Id, CreatedUtc = seen.AddMinutes(-20), LastSeenUtc = seen });
                if (known.FormCompleted is { } submitted)
                    db.FormSubmissions.Add(new Portal.Data.Forms.FormSubmissionRecord
                    {
                        Id = Guid.NewGuid(), PatientId = known.Id, FormId = "survey", FormVersion = 1, FormContentHash = "-", SignedContentHash = "-",
                        SubmittedUtc = submitted, RecordCipher = [0],
                    });
                return await db.SaveChangesAsync();
            });
        }
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Portal).DisposeAsync();
}
