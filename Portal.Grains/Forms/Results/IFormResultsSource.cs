using Portal.Forms.Answers;

namespace Portal.Grains.Forms.Results;

/// <summary>
/// Where submitted answers come from for the results pages: decrypted with each patient's data key.
/// Callers pass only the patients the reader may see; <see cref="FormResultsReader"/> decides who that is and audits the read.
/// </summary>
public interface IFormResultsSource
{
    /// <summary>Every submission of the form by the given patients, any version.</summary>
    Task<IReadOnlyList<FormResponse>> ReadAsync(string formId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default);
}

/// <summary>One submitted answer set.</summary>
/// <param name="PatientId">Who answered.</param>
/// <param name="Version">The published version answered.</param>
/// <param name="SubmittedUtc">When it was submitted.</param>
/// <param name="Answers">The decrypted answers.</param>
public sealed record FormResponse(Guid PatientId, int Version, DateTimeOffset SubmittedUtc, FormAnswers Answers);
