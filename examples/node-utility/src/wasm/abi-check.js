// The shape checks of the guest ABI "cu1" (spec section 10.1, CU-ABI-1 and CU-ABI-2).

/** @param {import('./module-reader.js').FunctionType | undefined} type */
const signature = (type) => (type ? `(${type.params.join(', ')}) -> (${type.results.join(', ')})` : 'none');

/**
 * @param {import('./module-reader.js').ModuleShape} shape
 * @param {Set<string>} wasiFunctions the preview1 functions this host provides
 * @returns {string[]} one sentence per mismatch; empty when the module is a cu1 reactor
 */
export function checkReactorAbi(shape, wasiFunctions) {
  const errors = [];
  const exported = new Map(shape.exports.map((e) => [e.name, e]));
  const functionType = (/** @type {string} */ name) => {
    const entry = exported.get(name);
    return entry?.kind === 'function' ? shape.functionTypes[entry.index] : undefined;
  };
  const expectFunction = (/** @type {string} */ name, /** @type {string} */ wanted, required = true) => {
    const entry = exported.get(name);
    if (!entry) {
      if (required) errors.push(`it does not export the function "${name}"`);
      return;
    }
    const actual = signature(functionType(name));
    if (entry.kind !== 'function' || actual !== wanted) errors.push(`it exports "${name}" as ${entry.kind} ${actual}, not a function ${wanted}`);
  };
  if (exported.get('memory')?.kind !== 'memory') errors.push('it does not export a memory named "memory"');
  expectFunction('cu_alloc', '(i32) -> (i32)');
  expectFunction('cu_on_message', '(i32, i32, i32) -> ()');
  expectFunction('_initialize', '() -> ()', false);

  for (const entry of shape.imports) {
    const where = `${entry.module}.${entry.name}`;
    if (entry.module === 'cu' && entry.name === 'post_message') {
      if (entry.kind !== 'function' || signature(entry.type) !== '(i32, i32, i32) -> ()') {
        errors.push(`it imports cu.post_message as ${entry.kind} ${signature(entry.type)}, not (i32, i32, i32) -> ()`);
      }
    } else if (entry.module === 'wasi_snapshot_preview1') {
      if (entry.kind !== 'function') errors.push(`it imports a ${entry.kind} ${where}; only functions of WASI preview1 are provided`);
      else if (!wasiFunctions.has(entry.name)) errors.push(`it imports ${where}, which is not a WASI preview1 function`);
    } else {
      errors.push(`it imports ${where}, which the utility does not provide (only cu.post_message and wasi_snapshot_preview1)`);
    }
  }
  return errors;
}
