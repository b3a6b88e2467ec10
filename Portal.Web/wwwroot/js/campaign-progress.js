// Moves the campaign's progress bar and figures while it sends; without script the page refreshes itself.
(() => {
  const box = document.getElementById('campaign-progress');
  if (!box) return;
  const bar = document.getElementById('campaign-bar');
  const percent = document.getElementById('campaign-percent');
  const format = new Intl.NumberFormat();
  const poll = async () => {
    const response = await fetch(box.dataset.statusUrl, { credentials: 'same-origin' });
    if (!response.ok) return;
    const status = await response.json();
    bar.max = Math.max(1, status.queued);
    bar.value = status.sent + status.notSent;
    percent.textContent = status.percentDone;
    for (const cell of box.querySelectorAll('[data-figure]')) {
      const key = cell.dataset.figure.charAt(0).toLowerCase() + cell.dataset.figure.slice(1);
      if (key in status) cell.textContent = format.format(status[key]);
    }
    if (status.status === 'Queuing' || status.status === 'Sending') setTimeout(poll, 1000);
    else window.location.reload();
  };
  setTimeout(poll, 1000);
})();
