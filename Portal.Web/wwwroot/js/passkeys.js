// Passkey ceremonies: ask the server for options, let the browser's authenticator answer, post the
// answer back. The server verifies everything; this script only moves bytes between the two.
(function () {
  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
    return Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  }
  function toBase64url(buffer) {
    let binary = '';
    for (const b of new Uint8Array(buffer)) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function antiforgeryToken() {
    const input = document.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : '';
  }
  async function post(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': antiforgeryToken() },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (data.stepUp) window.location.assign(data.stepUp + '?returnUrl=' + encodeURIComponent(location.pathname));
      throw new Error(data.error || 'Something went wrong. Try again.');
    }
    return data;
  }

  async function register(button) {
    const { challengeId, options } = await post('/account/passkeys/register/options');
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach(c => { c.id = toBytes(c.id); });
    const credential = await navigator.credentials.create({ publicKey: options });
    const nameInput = document.getElementById('passkey-name');
    return post('/account/passkeys/register', {
      challengeId,
      name: nameInput ? nameInput.value : '',
      returnUrl: button.dataset.returnUrl || '/',
      credential: {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        response: {
          clientDataJSON: toBase64url(credential.response.clientDataJSON),
          attestationObject: toBase64url(credential.response.attestationObject),
          transports: credential.response.getTransports ? credential.response.getTransports() : [],
        },
        clientExtensionResults: credential.getClientExtensionResults(),
      },
    });
  }

  async function assert(button, ceremony) {
    const { challengeId, options } = await post('/account/passkeys/' + ceremony + '/options');
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach(c => { c.id = toBytes(c.id); });
    const credential = await navigator.credentials.get({ publicKey: options });
    return post('/account/passkeys/' + ceremony, {
      challengeId,
      returnUrl: button.dataset.returnUrl || '/',
      credential: {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        response: {
          clientDataJSON: toBase64url(credential.response.clientDataJSON),
          authenticatorData: toBase64url(credential.response.authenticatorData),
          signature: toBase64url(credential.response.signature),
          userHandle: credential.response.userHandle ? toBase64url(credential.response.userHandle) : null,
        },
        clientExtensionResults: credential.getClientExtensionResults(),
      },
    });
  }

  document.querySelectorAll('[data-passkey-action]').forEach(button => {
    const error = document.querySelector('[data-passkey-error]');
    if (!window.PublicKeyCredential) {
      button.disabled = true;
      if (error) { error.hidden = false; error.textContent = 'This browser does not support passkeys.'; }
      return;
    }
    button.addEventListener('click', async () => {
      button.disabled = true;
      if (error) error.hidden = true;
      try {
        const action = button.dataset.passkeyAction;
        const result = action === 'register' ? await register(button) : await assert(button, action);
        window.location.assign(result.redirect || '/');
      } catch (e) {
        if (error) {
          error.hidden = false;
          error.textContent = e.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : e.message;
        }
        button.disabled = false;
      }
    });
  });
})();
