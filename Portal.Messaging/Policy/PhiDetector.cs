using System.Text.RegularExpressions;

namespace Portal.Messaging.Policy;

/// <summary>What the detector found: the sensitivity it implies and the categories (never the matched text).</summary>
/// <param name="Sensitivity">The lowest sensitivity the content may be sent with.</param>
/// <param name="Categories">Names of the kinds of PHI found, e.g. "medication", for the decision's record.</param>
public sealed record PhiFinding(Sensitivity Sensitivity, IReadOnlyList<string> Categories);

/// <summary>
/// Raises a message's sensitivity when its text looks like PHI, so a sender who forgets to mark a
/// lab result as PHI cannot send it the weak way. Deliberately errs towards "more sensitive":
/// a false positive costs a portal pickup, a false negative could cost a breach.
/// </summary>
public static partial class PhiDetector
{
    private static readonly (string Category, Sensitivity Level, Regex Pattern)[] Rules =
    [
        ("government-id", Sensitivity.Restricted, Ssn()),
        ("specially-protected-condition", Sensitivity.Restricted, ProtectedCondition()),
        ("record-number", Sensitivity.Phi, RecordNumber()),
        ("date-of-birth", Sensitivity.Phi, DateOfBirth()),
        ("diagnosis", Sensitivity.Phi, Diagnosis()),
        ("diagnosis-code", Sensitivity.Phi, Icd10()),
        ("medication", Sensitivity.Phi, Medication()),
        ("result", Sensitivity.Phi, LabResult()),
        ("appointment", Sensitivity.LightPhi, Appointment()),
    ];

    /// <summary>Scans <paramref name="texts"/> (subject, body, ...) and returns the highest sensitivity found.</summary>
    public static PhiFinding Detect(params string?[] texts)
    {
        var level = Sensitivity.None;
        var categories = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var (category, rank, pattern) in Rules)
            {
                bool found;
                try
                {
                    found = !categories.Contains(category) && pattern.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    // Text built to stall the detector is treated as the most sensitive: fail closed.
                    return new PhiFinding(Sensitivity.Restricted, [.. categories, "unscannable"]);
                }
                if (!found) continue;
                categories.Add(category);
                if (rank > level) level = rank;
            }
        }
        return new PhiFinding(level, categories);
    }

    // Timeouts keep a hostile message from stalling the sender (ReDoS).
    private const int TimeoutMs = 200;

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b", RegexOptions.None, TimeoutMs)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b(HIV|AIDS|hepatitis\s+[BC]|substance\s+(use|abuse)|opioid\s+use\s+disorder|methadone|buprenorphine|psychotherap\w*|psychiatric|schizophreni\w*|bipolar|suicid\w*|self[-\s]harm|abortion|miscarriage|pregnan\w*|STI|STD|sexually\s+transmitted|gonorrh?oea|gonorrhea|chlamydia|syphilis|genetic\s+test\w*)\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex ProtectedCondition();

    [GeneratedRegex(@"\b(MRN|medical\s+record(\s+(number|no\.?))?|patient\s+id)\s*[:#]?\s*[A-Z0-9-]{4,}\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex RecordNumber();

    [GeneratedRegex(@"\b(DOB|date\s+of\s+birth|born\s+on)\b\s*[:\-]?\s*(\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4})?", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex DateOfBirth();

    [GeneratedRegex(@"\b(diagnos\w*|prognosis|biopsy|tumou?r|cancer|carcinoma|malignan\w*|diabet\w*|prediabet\w*|hypertension|asthma|COPD|depression|anxiety\s+disorder|dementia|epilepsy|stroke|fracture|infection|pathology|radiology\s+report)\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex Diagnosis();

    [GeneratedRegex(@"\b(ICD-?10:?\s*)?[A-TV-Z]\d{2}\.\d{1,4}\b", RegexOptions.None, TimeoutMs)]
    private static partial Regex Icd10();

    [GeneratedRegex(@"\b(\d+(\.\d+)?\s?(mg|mcg|µg|ml|mL|units?|IU)\b|prescri\w*|refill|dosage|metformin|insulin|lisinopril|atorvastatin|simvastatin|amlodipine|levothyroxine|sertraline|fluoxetine|citalopram|warfarin|apixaban|prednisone|amoxicillin|ibuprofen|oxycodone|gabapentin|omeprazole)\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex Medication();

    [GeneratedRegex(@"\b(HbA1c|A1c|cholesterol|LDL|HDL|triglycerides?|PSA|eGFR|creatinine|hemoglobin|haemoglobin|platelets?|white\s+(blood\s+)?cell|blood\s+pressure|lab(oratory)?\s+results?|test\s+results?|results?\s+(are|is)\s+(ready|back|in)|MRI|CT\s+scan|X-ray|ultrasound|mammogra\w*)\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex LabResult();

    [GeneratedRegex(@"\b(appointment|follow[-\s]?up|check[-\s]?up|visit)\b", RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex Appointment();
}
