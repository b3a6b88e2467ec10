using System.Net;
using System.Reflection;
using DnsClient;
using DnsClient.Protocol;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>
/// An ILookupClient that answers from a table. Only QueryAsync(name, type, class, token) is
/// served; any other member throws, so a test notices if the product starts using one.
/// </summary>
public class FakeDns : DispatchProxy
{
    private readonly Dictionary<(string, QueryType), List<DnsResourceRecord>> _records = new();
    private readonly Dictionary<string, DnsHeaderResponseCode> _errors = new(StringComparer.OrdinalIgnoreCase);

    public List<(string Name, QueryType Type)> Queries { get; } = [];

    public static (ILookupClient Client, FakeDns Table) Create()
    {
        var client = Create<ILookupClient, FakeDns>();
        return (client, (FakeDns)(object)client);
    }

    public FakeDns Mx(string domain, ushort preference, string exchange) =>
        Add(domain, QueryType.MX, new MxRecord(Info(domain, ResourceRecordType.MX), preference, DnsString.Parse(exchange)));

    public FakeDns A(string name, string address) =>
        Add(name, QueryType.A, new ARecord(Info(name, ResourceRecordType.A), IPAddress.Parse(address)));

    public FakeDns Txt(string name, string text) =>
        Add(name, QueryType.TXT, new TxtRecord(Info(name, ResourceRecordType.TXT), [text], [text]));

    public FakeDns Error(string name, DnsHeaderResponseCode code)
    {
        _errors[name] = code;
        return this;
    }

    public void Clear(string name, QueryType type) => _records.Remove((name.ToLowerInvariant(), type));

    private FakeDns Add(string name, QueryType type, DnsResourceRecord record)
    {
        var key = (name.ToLowerInvariant(), type);
        if (!_records.TryGetValue(key, out var list)) _records[key] = list = [];
        list.Add(record);
        return this;
    }

    private static ResourceRecordInfo Info(string name, ResourceRecordType type) => new(name, type, QueryClass.IN, 300, 0);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IDnsQuery.QueryAsync) || args is not [string name, QueryType type, QueryClass, CancellationToken])
            throw new NotSupportedException($"FakeDns does not serve {targetMethod?.Name}.");
        Queries.Add((name, type));
        var code = _errors.TryGetValue(name, out var error) ? error : DnsHeaderResponseCode.NoError;
        var answers = code == DnsHeaderResponseCode.NoError && _records.TryGetValue((name.ToLowerInvariant(), type), out var list)
            ? list.ToArray()
            : [];
        return Task.FromResult(FakeResponse.Create(code, answers));
    }
}

public class FakeResponse : DispatchProxy
{
    private DnsHeaderResponseCode _code;
    private IReadOnlyList<DnsResourceRecord> _answers = [];

    public static IDnsQueryResponse Create(DnsHeaderResponseCode code, IReadOnlyList<DnsResourceRecord> answers)
    {
        var response = Create<IDnsQueryResponse, FakeResponse>();
        var fake = (FakeResponse)(object)response;
        fake._code = code;
        fake._answers = answers;
        return response;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_Answers" => _answers,
        "get_AllRecords" => _answers,
        "get_Additionals" or "get_Authorities" => Array.Empty<DnsResourceRecord>(),
        "get_HasError" => _code != DnsHeaderResponseCode.NoError,
        "get_ErrorMessage" => _code.ToString(),
        "get_Header" => new DnsResponseHeader(1, (ushort)_code, 1, _answers.Count, 0, 0),
        _ => throw new NotSupportedException($"FakeResponse does not serve {targetMethod?.Name}."),
    };
}

/// <summary>An MTA-STS fetcher that serves policy text from a table and counts fetches.</summary>
public sealed class FakePolicyFetcher : Portal.Messaging.Delivery.IMtaStsPolicyFetcher
{
    public Dictionary<string, string?> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Fetches { get; private set; }

    public Task<string?> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        Fetches++;
        return Task.FromResult(Policies.GetValueOrDefault(domain));
    }
}
