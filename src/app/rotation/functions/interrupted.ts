/**
 * Thrown when a step is cut short by the server shutting down: not a failure of the function.
 * The run keeps its lease and its last completed step, so the next start resumes it there.
 */
export class StepInterrupted extends Error {
  override readonly name = 'StepInterrupted';
  constructor() {
    super('interrupted by shutdown');
  }
}
