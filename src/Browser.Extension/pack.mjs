#!/usr/bin/env node
// node pack.mjs [OUT]: writes the unpacked extension to OUT (default ./dist): the files of extension/ and, under
// shim/lib/, the browser shim's modules from ../Browser.Shim/lib, which the offscreen document imports as they are.
// A copy, not a symlink: Chromium loads an unpacked extension's files only from inside its folder, and a packed
// extension (.crx/.zip) carries files, not links. Nothing is rewritten, so the extension runs the shim's own code.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'extension'), out, { recursive: true });
cpSync(join(here, '..', 'Browser.Shim', 'lib'), join(out, 'shim', 'lib'), { recursive: true });
console.log(out);
