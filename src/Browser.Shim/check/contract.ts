// The implementation against its contract: each export of the shim's modules must be usable wherever
// distributed-worker.d.ts promises one (tsc checks; nothing here runs).

import type * as Declared from '../distributed-worker.js';
import { parsePairingLink } from '../lib/access-token.js';
import { parseSnapshot, writeSnapshot } from '../lib/snapshot-format.js';
import { DistributedWorker } from '../lib/worker.js';

export const contract: {
  DistributedWorker: typeof Declared.DistributedWorker;
  parsePairingLink: typeof Declared.parsePairingLink;
  parseSnapshot: typeof Declared.parseSnapshot;
  writeSnapshot: typeof Declared.writeSnapshot;
} = { DistributedWorker, parsePairingLink, parseSnapshot, writeSnapshot };
