/**
 * The IAM policy engine: pure (no I/O, no clock), compile once, evaluate per request.
 * See docs/policies.md for the semantics and the decisions taken where AWS is silent.
 */
export { PolicySyntaxError } from './errors.js';
export { evaluate } from './evaluate.js';
export { type DenialSubject, denialMessage } from './messages.js';
export { compilePolicy, parsePolicy } from './parse.js';
export { isPublicPolicy } from './public.js';
export type {
  CompiledPolicy,
  Decision,
  EvalPrincipal,
  EvalRequest,
  EvalResult,
  PolicyKind,
  PolicySide,
  PrincipalType,
  RequestContextKeys,
} from './types.js';
export { CHECKS, type ValidationError, type ValidationResult, validateResourcePolicy } from './validate.js';

/** A parsed (not yet compiled) policy document. */
export type PolicyDocument = unknown;
