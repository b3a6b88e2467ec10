// Signature pads: draw with mouse, finger or pen; the drawing is posted as a PNG data URI in the hidden input
// named by data-signature-for. The server checks the image; the typed name is the accessible way to sign.
(() => {
  for (const canvas of document.querySelectorAll('canvas[data-signature-for]')) {
    const input = document.getElementById(canvas.dataset.signatureFor);
    const ctx = canvas.getContext('2d');
    let drawing = false, drawn = false;
    ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#10243e';
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
    };
    canvas.addEventListener('pointerdown', (e) => {
      drawing = true; canvas.setPointerCapture(e.pointerId); e.preventDefault();
      const [x, y] = point(e); ctx.beginPath(); ctx.moveTo(x, y);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      const [x, y] = point(e); ctx.lineTo(x, y); ctx.stroke(); drawn = true;
    });
    const finish = () => {
      if (!drawing) return;
      drawing = false;
      if (drawn) input.value = canvas.toDataURL('image/png');
    };
    canvas.addEventListener('pointerup', finish);
    canvas.addEventListener('pointercancel', finish);
    const clear = document.querySelector(`button[data-signature-clear="${canvas.dataset.signatureFor}"]`);
    clear?.addEventListener('click', () => { ctx.clearRect(0, 0, canvas.width, canvas.height); input.value = ''; drawn = false; });
  }
  // After a refused post, move focus to the error summary so screen readers announce it.
  document.getElementById('error-summary')?.focus();
})();
