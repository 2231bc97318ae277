import { problem } from './problems.js';

/** An error a handler throws to answer with a problem; `headers` go on the answer too. */
export class ProblemError extends Error {
  /**
   * @param {string} name a problem type of the registry
   * @param {string} detail
   * @param {{limit?: number, errors?: string[], headers?: Record<string, string>}} [extra]
   */
  constructor(name, detail, extra = {}) {
    super(detail);
    this.problemName = name;
    this.problem = problem(name, detail, { limit: extra.limit, errors: extra.errors });
    /** @type {Record<string, string>} */
    this.headers = extra.headers ?? {};
  }
}
