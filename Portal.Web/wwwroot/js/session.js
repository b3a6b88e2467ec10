// Warns before the server ends an idle session, and offers to keep it. The server enforces the
// limit whatever this script does; the warning only spares the user a surprise.
(function () {
  const meta = document.querySelector('meta[name="session-idle-seconds"]');
  if (!meta) return;
  const idleMs = Number(meta.content) * 1000;
  const warnMs = Number(document.querySelector('meta[name="session-warning-seconds"]').content) * 1000;
  const banner = document.getElementById('idle-warning');
  const countdown = document.getElementById('idle-countdown');
  let deadline = Date.now() + idleMs;

  function tick() {
    const left = deadline - Date.now();
    if (left <= 0) {
      window.location.assign('/account/login?expired=1');
      return;
    }
    if (left <= warnMs) {
      if (banner.hidden) {
        banner.hidden = false;
        // Keyboard and screen-reader users reach the way to stay signed in at once.
        document.getElementById('idle-stay').focus();
      }
      const seconds = Math.ceil(left / 1000);
      countdown.textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
    }
  }

  document.getElementById('idle-stay').addEventListener('click', async function () {
    const token = document.querySelector('input[name="__RequestVerificationToken"]').value;
    const response = await fetch('/account/keep-alive', { method: 'POST', headers: { 'RequestVerificationToken': token }, credentials: 'same-origin' });
    if (response.ok) {
      deadline = Date.now() + idleMs;
      banner.hidden = true;
    } else {
      window.location.assign('/account/login?expired=1');
    }
  });

  setInterval(tick, 1000);
})();
