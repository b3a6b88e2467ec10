// Made-up demo and benchmark data, reproducible from a seed: nothing here is a secret.
#pragma warning disable CA5394
using Portal.Data.Audience;

namespace Portal.Grains.Audience;

/// <summary>
/// Made-up patients with prevalence close to published US figures (CDC National Diabetes Statistics Report 2023:
/// diagnosed diabetes about 4% at 18-44, 15% at 45-64, 25% at 65+; NHANES 2017-2020: hypertension about 8% / 33% /
/// 58% by age 18-39 / 40-59 / 60+; asthma about 8%; depression about 8%). Never real data: for the demo seed and
/// the segment benchmark.
/// </summary>
public sealed class SyntheticPatients(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] GivenFemale = ["Ana", "Grace", "Mei", "Aisha", "Olga", "Lucia", "Priya", "Hannah", "Rosa", "Fatima", "Emma", "Linh"];
    private static readonly string[] GivenMale = ["Omar", "James", "Wei", "Carlos", "Ivan", "Kwame", "Noah", "Ravi", "Luis", "Tomas", "David", "Minh"];
    private static readonly string[] Family = ["Garcia", "Smith", "Nguyen", "Okafor", "Kowalski", "Haddad", "Patel", "Johnson", "Lopez", "Chen", "Novak", "Mensah", "Brown", "Silva"];

    public sealed record Person(Guid Id, string FullName, int BirthYear, AdministrativeSex Sex, string Language, string PostalPrefix, DateTime? LastVisitUtc,
        List<string> Codes, List<string> Tags, List<(DateTime Start, AppointmentStatus Status)> Appointments);

    public Person Next(DateTime now)
    {
        var age = Age();
        var codes = new List<string>();
        if (Chance(age < 18 ? 0.002 : age < 45 ? 0.04 : age < 65 ? 0.15 : 0.25)) codes.Add(Pick("E11.9", "E11.65", "E11.22", "E11.40"));
        if (Chance(age < 18 ? 0.01 : age < 40 ? 0.08 : age < 60 ? 0.33 : 0.58)) codes.Add("I10");
        if (Chance(age < 40 ? 0.10 : age < 65 ? 0.30 : 0.45)) codes.Add("E78.5");
        if (Chance(0.08)) codes.Add("J45.909");
        if (Chance(age < 12 ? 0.01 : 0.08)) codes.Add("F32.A");
        if (Chance(age < 18 ? 0.15 : 0.40)) codes.Add("E66.9");
        var sex = _random.NextDouble() switch { < 0.51 => AdministrativeSex.Female, < 0.985 => AdministrativeSex.Male, < 0.99 => AdministrativeSex.Other, _ => AdministrativeSex.Unknown };
        var language = _random.NextDouble() switch { < 0.78 => "en", < 0.93 => "es", < 0.96 => "zh", < 0.98 => "vi", _ => "fr" };
        // A few visit often, most come once or twice a year, some not for years, some never.
        DateTime? lastVisit = Chance(0.12) ? null : now.AddDays(-Math.Min(3650, -Math.Log(1 - _random.NextDouble()) * 300));
        var tags = new List<string>();
        if (Chance(0.35)) tags.Add("newsletter");
        if (Chance(0.05)) tags.Add("fall-risk");
        var appointments = new List<(DateTime, AppointmentStatus)>();
        for (var i = Chance(0.3) ? 1 + _random.Next(2) : 0; i > 0; i--)
        {
            var start = now.AddDays(_random.Next(-120, 90)).AddMinutes(_random.Next(8 * 60, 17 * 60));
            var status = start > now ? (Chance(0.6) ? AppointmentStatus.Booked : AppointmentStatus.Confirmed)
                : _random.NextDouble() switch { < 0.80 => AppointmentStatus.Kept, < 0.90 => AppointmentStatus.NoShow, _ => AppointmentStatus.Cancelled };
            appointments.Add((start, status));
        }
        var given = sex == AdministrativeSex.Female ? Pick(GivenFemale) : Pick(GivenMale);
        return new Person(NewId(), $"{given} {Pick(Family)}", now.Year - age, sex, language, $"{_random.Next(100, 1000)}", lastVisit, codes, tags, appointments);
    }

    // US-like pyramid: fairly even to 65, thinning after.
    private int Age() => _random.NextDouble() < 0.83 ? _random.Next(0, 65) : 65 + (int)Math.Min(40, -Math.Log(1 - _random.NextDouble()) * 9);

    // From the seeded generator, so every pass over the population yields the same ids.
    private Guid NewId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private string Pick(params string[] values) => values[_random.Next(values.Length)];
}
