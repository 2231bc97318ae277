// Starts the utility: node src/main.js --port 8471 [--allow-origin http://127.0.0.1:9000] ...
import { parseOptions } from './options.js';
import { App } from './app.js';
import { createUtilityServer } from './http/server.js';

// node:wasi is marked experimental in Node 20; its one warning says nothing an operator can act on.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') console.warn(warning);
});
const { WASI } = await import('node:wasi');

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(/** @type {Error} */ (error).message);
  process.exit(2);
}

const wasiFunctions = new Set(Object.keys(new WASI({ version: 'preview1' }).wasiImport));
const app = new App(options, wasiFunctions);
const server = createUtilityServer(app);
server.on('error', (error) => {
  console.error(`compute-utility-node: cannot listen on ${options.host}:${options.port}: ${error.message}`);
  process.exit(1);
});
server.listen(options.port, options.host, () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  if (options.corsOrigins.includes('*')) {
    console.warn("compute-utility-node: --cors-origin '*': every web page you visit may run work on this utility (section 15.1); list the origins you trust instead");
  }
  console.log(`compute-utility-node: listening on http://${address.address}:${address.port} (allowed origins: ${options.allowedOrigins.join(', ') || 'none'})`);
});

/** Ends every worker with reason shutdown (close 1001), answers 503 shutting-down for a moment (CU-WRK-14), then exits. */
function shutdown() {
  if (app.shuttingDown) return;
  app.shuttingDown = true;
  app.registry.shutdown();
  setTimeout(() => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 500).unref();
  }, 1500);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
