// The segment builder, enhanced: each condition shows only the inputs its field uses, labelled for it, and the
// count follows every change (the page works without this: its buttons post the form).
(() => {
  const form = document.getElementById('segment-builder');
  if (!form) return;
  const live = document.getElementById('live-count');

  const shape = (condition) => {
    const option = condition.querySelector('[data-field]').selectedOptions[0];
    for (const part of ['values', 'min', 'max', 'system']) {
      const box = condition.querySelector(`[data-part="${part}"]`);
      const text = option.dataset[part];
      box.hidden = !text;
      const label = box.querySelector('[data-label]');
      if (label && text) label.textContent = text;
    }
  };
  form.querySelectorAll('[data-condition]').forEach(shape);

  let timer;
  let sequence = 0;
  const count = async () => {
    const mine = ++sequence;
    const response = await fetch(form.dataset.countUrl, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
    if (mine !== sequence) return; // a newer change is on its way
    const answer = await response.json().catch(() => ({}));
    live.textContent = answer.count ?? answer.problem ?? '';
  };
  form.addEventListener('change', (event) => {
    const condition = event.target.closest('[data-condition]');
    if (condition && event.target.matches('[data-field]')) shape(condition);
    clearTimeout(timer);
    timer = setTimeout(count, 400);
  });
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(count, 600); });
})();
