using System.Text;

namespace Portal.Messaging.Dkim;

/// <summary>
/// Lays out a DKIM-Signature header value folded so that no line reaches 78 characters
/// (RFC 5322 section 2.1.1). Folds are placed only where RFC 6376 allows whitespace: between tags,
/// around the colons of <c>h=</c>, and anywhere inside base64.
/// </summary>
internal sealed class DkimSignatureValueBuilder
{
    private const int MaxLineLength = 76;
    private const string FieldName = "DKIM-Signature:";

    private readonly StringBuilder _value = new(512);
    private readonly string _fold;
    private int _column = FieldName.Length;

    /// <param name="newLine">The line ending the header's other raw values use.</param>
    public DkimSignatureValueBuilder(string newLine) => _fold = newLine + "\t";

    /// <summary>Appends <c>name=value;</c>, kept on one line.</summary>
    public void Tag(string name, string value) => Atom($"{name}={value};", spaceBefore: true);

    /// <summary>Appends <c>h=a:b:c;</c>, folding between names where needed.</summary>
    public void HeaderList(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var separator = i == names.Count - 1 ? ";" : ":";
            Atom(i == 0 ? $"h={names[i]}{separator}" : names[i] + separator, spaceBefore: i == 0);
        }
    }

    /// <summary>Appends <c>name=</c> and nothing else: the value added later by <see cref="Base64"/>.</summary>
    public void OpenTag(string name) => Atom(name + "=", spaceBefore: true);

    /// <summary>Appends base64 text, filling each line and folding wherever it is full.</summary>
    public void Base64(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (_column >= MaxLineLength)
                Fold();
            var take = Math.Min(rest.Length, MaxLineLength - _column);
            _value.Append(rest[..take]);
            _column += take;
            rest = rest[take..];
        }
    }

    /// <summary>The value as built so far, starting with the space that follows the colon.</summary>
    public override string ToString() => _value.ToString();

    private void Atom(string atom, bool spaceBefore)
    {
        var width = atom.Length + (spaceBefore ? 1 : 0);
        if (_column + width > MaxLineLength && _column > FieldName.Length)
            Fold();
        else if (spaceBefore)
            Space();
        _value.Append(atom);
        _column += atom.Length;
    }

    private void Space()
    {
        _value.Append(' ');
        _column++;
    }

    private void Fold()
    {
        _value.Append(_fold);
        _column = 1;
    }
}
