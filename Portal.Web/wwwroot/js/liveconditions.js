// Shows and hides questions as the patient answers, so a follow-up appears next to the answer that calls for it.
// Each conditional question carries its condition in data-visible-when, in the forms engine's own JSON (tests of
// earlier pages already decided by the server). This mirrors Portal.Forms' ConditionEvaluator and AnswerParser;
// the server still evaluates every condition when the page is posted and ignores answers to hidden questions.
// A hidden question's controls are disabled so they are not posted; their values stay for when it shows again.
(() => {
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

  // decimal.TryParse with NumberStyles.Number: surrounding spaces, one sign before or after, thousands commas.
  const conditionNumber = (text) => {
    const m = /^([+-])?(\d[\d,]*)?(?:\.(\d*))?([+-])?$/.exec(String(text).trim());
    if (!m || (m[1] && m[4]) || (!m[2] && !m[3])) return null;
    const n = Number(`${m[2] ? m[2].replaceAll(',', '') : '0'}.${m[3] || '0'}`);
    return (m[1] || m[4]) === '-' ? -n : n;
  };

  // DateOnly.TryParseExact(text, "yyyy-MM-dd"): a real calendar date, returned in its sortable ISO form.
  const realDate = (text) => {
    const m = isoDate.exec(text);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(2000, mo - 1, d));
    date.setUTCFullYear(y);
    return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? text : null;
  };

  // The answer a field's enabled controls would post, shaped as AnswerParser shapes it; null when unanswered or unreadable.
  const answerOf = (field) => {
    if (!field || field.hidden) return null;
    const values = [...field.querySelectorAll('input, select, textarea')]
      .filter((c) => !c.disabled && c.name && (!['radio', 'checkbox'].includes(c.type) || c.checked))
      .map((c) => c.value)
      .filter((v) => v.trim() !== '');
    if (values.length === 0) return null;
    const single = values.length === 1 ? values[0] : null;
    switch (field.dataset.fieldType) {
      case 'ShortText': case 'Email': case 'Phone': case 'SingleChoice': case 'Dropdown':
        return single === null ? null : { text: single.trim() };
      case 'LongText':
        return single === null ? null : { text: single };
      case 'MultipleChoice':
        return { list: [...new Set(values.map((v) => v.trim()))] };
      case 'Number':
        return single !== null && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(single.trim()) ? { number: Number(single.trim()) } : null;
      case 'Scale0To10':
        return single !== null && /^\d+$/.test(single.trim()) && Number(single.trim()) <= 10 ? { number: Number(single.trim()) } : null;
      case 'Date': {
        const date = single === null ? null : realDate(single.trim());
        return date === null ? null : { date };
      }
      case 'Consent': {
        const v = values[0].trim().toLowerCase();
        return ['true', 'on', 'yes', '1'].includes(v) ? { boolean: true } : ['false', 'off', 'no', '0'].includes(v) ? { boolean: false } : null;
      }
      default:
        return null;
    }
  };

  const matches = (answer, expected) => {
    if (answer === null || expected === undefined || expected === null) return false;
    if ('list' in answer) return answer.list.includes(expected);
    if ('number' in answer) { const n = conditionNumber(expected); return n !== null && answer.number === n; }
    if ('boolean' in answer) { const b = expected.trim().toLowerCase(); return (b === 'true' || b === 'false') && answer.boolean === (b === 'true'); }
    if ('date' in answer) return realDate(expected) === answer.date;
    return answer.text === expected;
  };

  // Null means "not comparable", which makes both greaterThan and lessThan false, as on the server.
  const compare = (answer, expected) => {
    if (answer === null || expected === undefined || expected === null) return null;
    const sign = (a, b) => (a > b) - (a < b);
    if ('number' in answer) { const n = conditionNumber(expected); return n === null ? null : sign(answer.number, n); }
    if ('date' in answer) { const d = realDate(expected); return d === null ? null : sign(answer.date, d); }
    if ('text' in answer) {
      const left = conditionNumber(answer.text), right = conditionNumber(expected);
      return left === null || right === null ? null : sign(left, right);
    }
    return null;
  };

  const holds = (condition, answerFor) => {
    const answer = () => answerFor(condition.fieldId);
    switch (condition.kind) {
      case 'all': return (condition.conditions || []).every((c) => holds(c, answerFor));
      case 'any': return (condition.conditions || []).some((c) => holds(c, answerFor));
      case 'answered': return answer() !== null;
      case 'equals': return matches(answer(), condition.value);
      case 'notEquals': return !matches(answer(), condition.value);
      case 'in': return (condition.values || []).some((v) => matches(answer(), v));
      case 'greaterThan': return (compare(answer(), condition.value) ?? 0) > 0;
      case 'lessThan': return (compare(answer(), condition.value) ?? 0) < 0;
      default: throw new Error(`Unknown condition kind ${condition.kind}`);
    }
  };

  for (const form of document.querySelectorAll('form')) {
    const fields = [...form.querySelectorAll('.form-field[data-field-type]')];
    const conditional = fields
      .filter((f) => f.dataset.visibleWhen)
      .map((f) => ({ field: f, condition: JSON.parse(f.dataset.visibleWhen) }));
    if (conditional.length === 0) continue;
    const byId = new Map(fields.map((f) => [f.id.replace(/^field-/, ''), f]));
    const answerFor = (id) => answerOf(byId.get(id));

    // Conditions only read earlier questions, so one pass in page order settles chains (a follow-up of a follow-up).
    const update = () => {
      for (const { field, condition } of conditional) {
        const show = holds(condition, answerFor);
        if (show === !field.hidden) continue;
        field.hidden = !show;
        for (const control of field.querySelectorAll('input, select, textarea, button')) control.disabled = !show;
      }
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }
})();
