using System.Text;

namespace Portal.Forms.Rendering;

/// <summary>Breaks text into lines that fit a width, keeping the patient's own line breaks.</summary>
internal static class TextWrapper
{
    /// <summary>Wraps at spaces; a word wider than a whole line (a long URL, a pasted hash) is split by characters.</summary>
    public static List<string> Wrap(string text, double maxWidth, Func<string, double> measure)
    {
        var lines = new List<string>();
        var spaceWidth = measure(" ");
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0.0;
            foreach (var word in paragraph.Split(' '))
            {
                var wordWidth = measure(word);
                var needed = line.Length == 0 ? wordWidth : lineWidth + spaceWidth + wordWidth;
                if (needed <= maxWidth)
                {
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(word);
                    lineWidth = needed;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }

                var rest = word;
                while (measure(rest) > maxWidth && rest.Length > 1)
                {
                    var take = LongestPrefixThatFits(rest, maxWidth, measure);
                    lines.Add(rest[..take]);
                    rest = rest[take..];
                }

                line.Append(rest);
                lineWidth = measure(rest);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private static int LongestPrefixThatFits(string word, double maxWidth, Func<string, double> measure)
    {
        int low = 1, high = word.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (measure(word[..mid]) <= maxWidth)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        // Never split a surrogate pair, which would draw two broken glyphs.
        return low < word.Length && char.IsLowSurrogate(word[low]) && low > 1 ? low - 1 : low;
    }
}
