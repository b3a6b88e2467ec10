using Portal.Grains.Forms.Results;

namespace Portal.Tests.Web.FormResults;

/// <summary>
/// Submissions held in memory, standing in for stored ones. It returns every recorded submission of the form whoever
/// is asked about, so the tests show that the reader, not the source, keeps other teams' patients out.
/// </summary>
internal sealed class RecordedResultsSource : IFormResultsSource
{
    private readonly List<(string FormId, FormResponse Response)> _responses = [];

    public int Reads { get; private set; }

    public void Add(string formId, FormResponse response)
    {
        lock (_responses) _responses.Add((formId, response));
    }

    public Task<IReadOnlyList<FormResponse>> ReadAsync(string formId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default)
    {
        lock (_responses)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<FormResponse>>([.. _responses.Where(r => r.FormId == formId).Select(r => r.Response)]);
        }
    }
}
