// The extension's offscreen document: where workers are placed and talked to. Its origin, chrome-extension://ID,
// is what utilities see as the caller (their consent, spec 15.1, applies to it); pages see none of this.
import { WorkerRelay } from './relay.js';

chrome.runtime.onConnect.addListener((port) => {
  if (port.name === 'cu-agent:worker') new WorkerRelay(port).attach();
});

chrome.runtime.onMessage.addListener((message, sender) => {
  if (sender.id === chrome.runtime.id && message?.type === 'cu-agent:revoked') WorkerRelay.revoke(String(message.origin));
  return false;
});
