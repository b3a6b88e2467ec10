namespace Portal.Grains.Forms.Results;

/// <summary>The source used until submissions are stored: there is nothing to read yet.</summary>
public sealed class NoSubmissionsSource : IFormResultsSource
{
    public Task<IReadOnlyList<FormResponse>> ReadAsync(string formId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FormResponse>>([]);
}
