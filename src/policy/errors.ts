/**
 * A policy document that the engine refuses. `path` points at the offending element
 * (`Statement[1].Condition.StringEquals`), so callers can build a message a person can act on.
 */
export class PolicySyntaxError extends Error {
  override readonly name = 'PolicySyntaxError';
  constructor(
    readonly detail: string,
    readonly path?: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }
}
