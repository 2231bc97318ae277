// The processing order of a package request (spec section 6): origin rule, fetch and verify the
// manifest, validate it, resolve and check the module URL, fetch and verify the module, compile
// it, check the guest ABI.
import { createHash } from 'node:crypto';
import { ProblemError } from '../http/problem-error.js';
import { applyOriginRule } from './origin-rule.js';
import { cappedFetch } from './capped-fetch.js';
import { matchesIntegrity, parseIntegrity } from './sri.js';
import { validateManifest } from './manifest.js';
import { readModuleShape } from '../wasm/module-reader.js';
import { capMemory } from '../wasm/memory-cap.js';
import { checkReactorAbi } from '../wasm/abi-check.js';
import { pagePartition } from '../descriptor/minimise.js';

/** @typedef {{url: string, integrity: string, name: string, version: string, moduleIntegrity: string}} PackageInfo */
/** @typedef {{module: WebAssembly.Module, info: PackageInfo}} LoadedPackage */

export class PackageLoader {
  /**
   * @param {import('../options.js').Options} options
   * @param {Set<string>} wasiFunctions
   */
  constructor(options, wasiFunctions) {
    this.options = options;
    this.wasiFunctions = wasiFunctions;
    /**
     * Compiled modules by page origin and the SHA-256 of the (capped) bytes: compiling is the expensive step, and one
     * origin must not find another's module compiled (CU-SEC-13). @type {Map<string, WebAssembly.Module>}
     */
    this.compiled = new Map();
  }

  /**
   * @param {URL} manifestUrl
   * @param {string} integrity the request's SRI metadata (already checked to parse)
   * @param {string | undefined} originHeader
   * @returns {Promise<LoadedPackage>}
   */
  async loadReactor(manifestUrl, integrity, originHeader) {
    const { limits, fetchTimeoutMs } = this.options;
    const { allowListed } = applyOriginRule(manifestUrl, originHeader, this.options);
    const allowInternal = allowListed || this.options.privateHostsAllowed;
    const manifestBytes = await cappedFetch(manifestUrl, {
      accept: 'application/json', cap: limits.maxManifestBytes, what: 'manifest', timeoutMs: fetchTimeoutMs, allowInternal,
    });
    if (!matchesIntegrity(manifestBytes, /** @type {import('./sri.js').HashExpression[]} */ (parseIntegrity(integrity)))) {
      throw new ProblemError('integrity-mismatch', `The manifest at ${manifestUrl} does not match ${integrity}.`);
    }
    const manifest = parseManifest(manifestBytes);
    if (manifest.memory?.maximumBytes !== undefined && manifest.memory.maximumBytes > limits.maxMemoryBytesPerWorker) {
      throw new ProblemError('package-too-large',
        `The manifest asks for ${manifest.memory.maximumBytes} bytes of memory; a worker here gets at most ${limits.maxMemoryBytesPerWorker}.`,
        { limit: limits.maxMemoryBytesPerWorker });
    }
    let moduleUrl;
    try {
      moduleUrl = new URL(manifest.module.url, manifestUrl);
    } catch {
      throw new ProblemError('invalid-manifest', `'module.url' (${manifest.module.url}) is not a URL reference.`, { errors: ["'module.url' is not a URL reference."] });
    }
    if (moduleUrl.origin !== manifestUrl.origin) {
      throw new ProblemError('origin-not-allowed', `The module ${moduleUrl} is not on the manifest's origin ${manifestUrl.origin}.`);
    }
    const moduleBytes = await cappedFetch(moduleUrl, {
      accept: 'application/wasm', cap: limits.maxModuleBytes, what: 'module', timeoutMs: fetchTimeoutMs, allowInternal,
    });
    if (!matchesIntegrity(moduleBytes, /** @type {import('./sri.js').HashExpression[]} */ (parseIntegrity(manifest.module.integrity)))) {
      throw new ProblemError('integrity-mismatch', `The module at ${moduleUrl} does not match ${manifest.module.integrity}.`);
    }
    const module = await this.compileReactor(moduleBytes, pagePartition(originHeader));
    return {
      module,
      info: { url: manifestUrl.href, integrity, name: manifest.name, version: manifest.version, moduleIntegrity: manifest.module.integrity },
    };
  }

  /** @param {Uint8Array} bytes @param {string} [partition] the page origin it is compiled for ('' for programs) */
  async compileReactor(bytes, partition = '') {
    const limit = this.options.limits.maxMemoryBytesPerWorker;
    let shape;
    try {
      shape = readModuleShape(bytes);
    } catch (error) {
      throw new ProblemError('invalid-module', `The module is not valid WebAssembly: ${/** @type {Error} */ (error).message}.`);
    }
    const memory = shape.memories[0];
    if (shape.memories.length > 1) throw new ProblemError('invalid-module', "The module uses the 'multi-memory' feature, which this utility does not enable.");
    if (memory && (memory.flags & 2) !== 0) throw new ProblemError('invalid-module', "The module uses the 'threads' feature (shared memory), which this utility does not enable.");
    if (memory && (memory.flags & 4) !== 0) throw new ProblemError('invalid-module', "The module uses the 'memory64' feature, which this utility does not enable.");
    const capped = capMemory(bytes, shape, limit);
    const key = `${partition}\n${createHash('sha256').update(capped).digest('base64')}`;
    let module = this.compiled.get(key);
    if (!module) {
      try {
        module = await WebAssembly.compile(/** @type {Uint8Array<ArrayBuffer>} */ (capped));
      } catch (error) {
        throw new ProblemError('invalid-module', `The module does not compile: ${/** @type {Error} */ (error).message}.`);
      }
    }
    const errors = checkReactorAbi(shape, this.wasiFunctions);
    if (errors.length > 0) {
      throw new ProblemError('abi-mismatch', `The module is not a cu1 reactor: ${errors.join('; ')}.`, { errors });
    }
    if (memory && memory.minimum * 65536 > limit) {
      throw new ProblemError('package-too-large', `The module starts with ${memory.minimum * 65536} bytes of memory; a worker here gets at most ${limit}.`, { limit });
    }
    if (this.compiled.size >= 64) this.compiled.delete(/** @type {string} */ (this.compiled.keys().next().value));
    this.compiled.set(key, module);
    return module;
  }
}

/** @param {Buffer} bytes @returns {import('./manifest.js').Manifest} */
function parseManifest(bytes) {
  let manifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ProblemError('invalid-manifest', 'The manifest is not JSON.', { errors: ['The manifest is not UTF-8 JSON.'] });
  }
  const errors = validateManifest(manifest);
  if (errors.length > 0) {
    throw new ProblemError('invalid-manifest', `The manifest has ${errors.length} error${errors.length === 1 ? '' : 's'}.`, { errors });
  }
  if (manifest.kind !== 'reactor') {
    const error = `'kind' is '${manifest.kind}', but workers need a 'reactor' package.`;
    throw new ProblemError('invalid-manifest', error, { errors: [error] });
  }
  return manifest;
}
