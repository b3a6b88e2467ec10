// Moves the import's progress bar until the import is done, then shows its report.
(() => {
  const box = document.getElementById('import-progress');
  if (!box) return;
  const bar = document.getElementById('import-bar');
  const count = document.getElementById('import-count');
  const format = new Intl.NumberFormat();
  const poll = async () => {
    const response = await fetch(box.dataset.statusUrl, { credentials: 'same-origin' });
    if (!response.ok) return;
    const status = await response.json();
    bar.max = Math.max(1, status.total);
    bar.value = status.processed;
    count.textContent = `${format.format(status.processed)} of ${format.format(status.total)}`;
    if (status.finished) window.location.reload();
    else setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
})();
