// The package manifest rules of spec/schemas/package-manifest.schema.json, written out
// (the schema is small and closed; a validator library would be the only other dependency).
import { parseIntegrity } from './sri.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION = /^[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const TOP = new Set(['name', 'version', 'description', 'kind', 'abi', 'module', 'memory']);

/** @typedef {{name: string, version: string, kind: 'reactor' | 'command', abi?: string,
 *   module: {url: string, integrity: string, size?: number}, memory?: {maximumBytes?: number}}} Manifest */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * @param {unknown} manifest the parsed JSON
 * @returns {string[]} one sentence per error; empty when valid
 */
export function validateManifest(manifest) {
  if (!isObject(manifest)) return ['The manifest must be a JSON object.'];
  const errors = [];
  for (const key of Object.keys(manifest)) {
    if (!TOP.has(key) && !key.startsWith('x-')) errors.push(`'${key}' is not a manifest member (extensions start with 'x-').`);
  }
  const { name, version, description, kind, abi, module, memory } = manifest;
  if (typeof name !== 'string' || !NAME.test(name)) errors.push("'name' is required: lower-case letters, digits, '.', '_' or '-', at most 64.");
  if (typeof version !== 'string' || version.length > 64 || !VERSION.test(version)) errors.push("'version' is required: one to three numbers, like 1.2.0.");
  if (description !== undefined && (typeof description !== 'string' || description.length > 1024)) errors.push("'description' must be a string of at most 1024 characters.");
  if (kind !== 'reactor' && kind !== 'command') errors.push("'kind' is required: 'reactor' or 'command'.");
  if (abi !== undefined && abi !== 'cu1') errors.push("'abi' must be 'cu1'.");
  if (kind === 'reactor' && abi === undefined) errors.push("'abi' is required for a reactor.");
  if (kind === 'command' && abi !== undefined) errors.push("'abi' must be absent for a command.");
  if (!isObject(module)) {
    errors.push("'module' is required: an object with 'url' and 'integrity'.");
  } else {
    for (const key of Object.keys(module)) {
      if (!['url', 'integrity', 'size'].includes(key)) errors.push(`'module.${key}' is not a module member.`);
    }
    if (typeof module.url !== 'string' || module.url.length === 0) errors.push("'module.url' is required: a URL reference.");
    if (parseIntegrity(module.integrity) === null) errors.push("'module.integrity' is required: SRI metadata (sha256-, sha384- or sha512-).");
    if (module.size !== undefined && (!Number.isInteger(module.size) || /** @type {number} */ (module.size) < 8)) errors.push("'module.size' must be an integer of at least 8.");
  }
  if (memory !== undefined) {
    if (!isObject(memory)) {
      errors.push("'memory' must be an object.");
    } else {
      for (const key of Object.keys(memory)) if (key !== 'maximumBytes') errors.push(`'memory.${key}' is not a memory member.`);
      const max = memory.maximumBytes;
      if (max !== undefined && (!Number.isInteger(max) || /** @type {number} */ (max) < 65536)) errors.push("'memory.maximumBytes' must be an integer of at least 65536.");
    }
  }
  return errors;
}
