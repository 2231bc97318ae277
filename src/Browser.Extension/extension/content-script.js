// Runs in every http(s) page before its scripts: marks the page (the shim then asks the extension, not utilities, to
// place its workers) and joins each worker's MessagePort from the page to the extension's offscreen document.
(() => {
  const root = document.documentElement;
  if (!root) return;
  root.dataset.computeUtilityAgent = '1';
  /** @type {Promise<typeof import('./wire-codec.js')> | undefined} */
  let codec;
  window.addEventListener('message', (event) => {
    if (event.source !== window || event.data?.computeUtilityAgent !== 'open' || !event.ports[0]) return;
    join(event.ports[0]);
  });

  /** @param {MessagePort} page */
  async function join(page) {
    codec ??= import(chrome.runtime.getURL('wire-codec.js'));
    const { pack, unpack } = await codec;
    try {
      await chrome.runtime.sendMessage({ type: 'cu-agent:ensure' });
    } catch (error) {
      page.postMessage({ type: 'placed', placement: 'local', reason: `the browser extension could not start (${error.message}); running locally` });
      page.close();
      return;
    }
    const port = chrome.runtime.connect({ name: 'cu-agent:worker' });
    page.onmessage = ({ data }) => port.postMessage(pack(data));
    port.onMessage.addListener((message) => page.postMessage(unpack(message)));
    port.onDisconnect.addListener(() => {
      page.postMessage({ type: 'lost', why: 'the browser extension closed the connection' });
      page.close();
    });
  }
})();
