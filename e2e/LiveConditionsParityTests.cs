using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Forms.Answers;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Versioning;

namespace Portal.E2E;

/// <summary>
/// liveconditions.js in Chromium against the engine itself: for each set of raw answers, every condition shows its
/// question in the browser exactly when AnswerParser plus ConditionEvaluator say it is visible.
/// </summary>
public sealed class LiveConditionsParityTests
{
    private static readonly FieldDefinition[] Fields =
    [
        new() { Id = "t", Type = FieldType.ShortText, Label = "Text" },
        new() { Id = "n", Type = FieldType.Number, Label = "Number" },
        new() { Id = "d", Type = FieldType.Date, Label = "Date" },
        new() { Id = "m", Type = FieldType.MultipleChoice, Label = "Many", Options = [new("a", "A"), new("b", "B"), new("c", "C")] },
        new() { Id = "c", Type = FieldType.Consent, Label = "Consent" },
        new() { Id = "s", Type = FieldType.Scale0To10, Label = "Scale" },
    ];

    private static readonly Condition[] Conditions =
    [
        Condition.FieldEquals("t", "yes"), Condition.FieldNotEquals("t", "yes"), Condition.FieldEquals("t", "12"),
        Condition.FieldGreaterThan("t", "10"), Condition.FieldLessThan("t", "1,000"), Condition.FieldAnswered("t"),
        Condition.FieldEquals("n", "5"), Condition.FieldEquals("n", " 5.00 "), Condition.FieldNotEquals("n", "5"),
        Condition.FieldGreaterThan("n", "1,000"), Condition.FieldLessThan("n", "-1"), Condition.FieldGreaterThan("n", "5-"),
        Condition.FieldIn("n", "3", "5"), Condition.FieldGreaterThan("n", "abc"),
        Condition.FieldEquals("d", "2020-01-01"), Condition.FieldGreaterThan("d", "2019-12-31"), Condition.FieldLessThan("d", "2020-01-02"),
        Condition.FieldEquals("d", "2020-02-30"), Condition.FieldAnswered("d"),
        Condition.FieldEquals("m", "a"), Condition.FieldIn("m", "b", "c"), Condition.FieldAnswered("m"), Condition.FieldGreaterThan("m", "0"),
        Condition.FieldEquals("c", "true"), Condition.FieldEquals("c", " True "), Condition.FieldNotEquals("c", "false"), Condition.FieldAnswered("c"),
        Condition.FieldGreaterThan("s", "5"), Condition.FieldEquals("s", "10"), Condition.FieldIn("s", "3", "4"),
        Condition.All(Condition.FieldAnswered("t"), Condition.Any(Condition.FieldEquals("m", "c"), Condition.FieldLessThan("n", "6"))),
        Condition.Any(), Condition.All(),
    ];

    // Raw values as the browser would post them; m lists the ticked boxes, c is ticked when "true".
    private static readonly Dictionary<string, string[]>[] Scenarios =
    [
        new() { ["t"] = ["yes"], ["n"] = ["5"], ["d"] = ["2020-01-01"], ["m"] = ["a"], ["c"] = ["true"], ["s"] = ["3"] },
        new() { ["t"] = [" 12 "], ["n"] = ["5.0"], ["d"] = ["2020-02-30"], ["m"] = ["a", "c"], ["c"] = [], ["s"] = ["10"] },
        new() { ["t"] = ["abc"], ["n"] = ["-3"], ["d"] = [""], ["m"] = [], ["c"] = [], ["s"] = [] },
        new() { ["t"] = [""], ["n"] = ["1e3"], ["d"] = ["2019-12-31"], ["m"] = ["b"], ["c"] = ["true"], ["s"] = ["0"] },
        new() { ["t"] = ["999"], ["n"] = ["2000"], ["d"] = ["0000-01-01"], ["m"] = ["c"], ["c"] = [], ["s"] = ["6"] },
        new() { ["t"] = ["1,500"], ["n"] = [".5"], ["d"] = ["2024-02-29"], ["m"] = [], ["c"] = ["true"], ["s"] = ["4"] },
        new() { ["t"] = ["Yes"], ["n"] = ["abc"], ["d"] = ["2023-02-29"], ["m"] = ["a", "b", "c"], ["c"] = [], ["s"] = [] },
    ];

    private static string Markup()
    {
        var html = new StringBuilder("<!doctype html><html><body><form>");
        foreach (var f in Fields)
        {
            html.Append($"""<div class="form-field" id="field-{f.Id}" data-field-type="{f.Type}">""");
            html.Append(f.Type switch
            {
                FieldType.MultipleChoice => string.Concat(f.Options.Select(o => $"""<input type="checkbox" name="{f.Id}" value="{o.Value}">""")),
                FieldType.Consent => $"""<input type="checkbox" name="{f.Id}" value="true">""",
                FieldType.Scale0To10 => string.Concat(Enumerable.Range(0, 11).Select(n => $"""<input type="radio" name="{f.Id}" value="{n}">""")),
                _ => $"""<input type="text" name="{f.Id}">""",
            });
            html.Append("</div>");
        }
        for (var i = 0; i < Conditions.Length; i++)
        {
            var json = WebUtility.HtmlEncode(JsonSerializer.Serialize(Conditions[i], FormJson.Options));
            html.Append($"""<div class="form-field" id="field-k{i}" data-field-type="ShortText" data-visible-when="{json}" hidden><input type="text" name="k{i}" disabled></div>""");
        }
        return html.Append("</form></body></html>").ToString();
    }

    private static bool[] Expected(Dictionary<string, string[]> raw)
    {
        var answers = new Dictionary<string, AnswerValue>();
        foreach (var f in Fields)
        {
            if (AnswerParser.Parse(f, raw[f.Id]) is { Value: { } answer })
                answers[f.Id] = answer;
        }
        return [.. Conditions.Select(c => ConditionEvaluator.Evaluate(c, answers))];
    }

    [Fact]
    public async Task The_script_shows_a_question_exactly_when_the_engine_does()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.SetContentAsync(Markup());
        var script = Path.Combine(PortalProcess.RepositoryRoot(), "Portal.Web", "wwwroot", "js", "liveconditions.js");
        await page.AddScriptTagAsync(new() { Path = script });

        foreach (var scenario in Scenarios)
        {
            var shown = await page.EvaluateAsync<bool[]>("""
                (raw) => {
                  const form = document.querySelector('form');
                  for (const [name, values] of Object.entries(raw)) {
                    for (const c of form.querySelectorAll(`[name="${name}"]`)) {
                      if (c.type === 'checkbox' || c.type === 'radio') c.checked = values.includes(c.value);
                      else c.value = values[0] ?? '';
                    }
                  }
                  form.dispatchEvent(new Event('change'));
                  return [...form.querySelectorAll('[id^="field-k"]')].map((f) => !f.hidden && !f.querySelector('input').disabled);
                }
                """, scenario);

            var expected = Expected(scenario);
            var differences = Enumerable.Range(0, Conditions.Length).Where(i => shown[i] != expected[i])
                .Select(i => $"{JsonSerializer.Serialize(Conditions[i], FormJson.Options)}: browser {shown[i]}, engine {expected[i]}");
            Assert.True(!differences.Any(), $"for {JsonSerializer.Serialize(scenario)}:\n{string.Join("\n", differences)}");
        }
    }
}
