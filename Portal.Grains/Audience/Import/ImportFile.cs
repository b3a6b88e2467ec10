namespace Portal.Grains.Audience.Import;

/// <summary>An uploaded or posted file read as what it is: a FHIR R4 bundle (JSON) or a CSV of patients, diagnoses or appointments.</summary>
public static class ImportFile
{
    public const long MaxBytes = 50L * 1024 * 1024;

    public static (ImportBatch Batch, string Source) Read(string text, DateOnly today)
    {
        if (text.AsSpan().TrimStart().StartsWith("{")) return (FhirBundleReader.Read(text, today), "FHIR bundle");
        var batch = CsvImportReader.Read(new StringReader(text), today);
        return (batch, batch.Patients.Count > 0 ? "CSV patients" : batch.Diagnoses.Count > 0 ? "CSV diagnoses" : "CSV appointments");
    }

    /// <summary>True when the file as a whole could not be read (not JSON, not a bundle, no CSV header): nothing to run.</summary>
    public static bool IsUnreadable(ImportBatch batch) =>
        batch.Rows == 0 && batch.Problems.Count > 0;
}
