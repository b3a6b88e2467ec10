using System.Collections;
using System.Text.Json.Serialization;

namespace Portal.Forms.Answers;

/// <summary>The answers of one submission or one draft: field id to answer.</summary>
[JsonConverter(typeof(FormAnswersJsonConverter))]
public sealed class FormAnswers : IReadOnlyDictionary<string, AnswerValue>
{
    private readonly Dictionary<string, AnswerValue> _answers;

    /// <summary>Creates an empty set of answers.</summary>
    public FormAnswers()
        : this(new Dictionary<string, AnswerValue>(StringComparer.Ordinal))
    {
    }

    /// <summary>Creates answers from pairs of field id and answer.</summary>
    public FormAnswers(IEnumerable<KeyValuePair<string, AnswerValue>> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        _answers = new Dictionary<string, AnswerValue>(answers, StringComparer.Ordinal);
    }

    /// <summary>Sets the answer to a field, replacing any earlier one.</summary>
    public FormAnswers Set(string fieldId, AnswerValue answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(fieldId);
        ArgumentNullException.ThrowIfNull(answer);
        _answers[fieldId] = answer;
        return this;
    }

    /// <summary>Removes the answer to a field, if any.</summary>
    public bool Remove(string fieldId) => _answers.Remove(fieldId);

    /// <summary>The answer to a field when it holds something, otherwise null.</summary>
    public AnswerValue? Find(string fieldId) => _answers.TryGetValue(fieldId, out var a) && !a.IsEmpty ? a : null;

    /// <inheritdoc />
    public AnswerValue this[string key] => _answers[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _answers.Keys;

    /// <inheritdoc />
    public IEnumerable<AnswerValue> Values => _answers.Values;

    /// <inheritdoc />
    public int Count => _answers.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _answers.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out AnswerValue value) => _answers.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, AnswerValue>> GetEnumerator() => _answers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
