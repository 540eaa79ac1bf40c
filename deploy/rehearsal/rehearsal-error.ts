/** Why a rehearsal stopped; the message names the Dockerfile line or the check that failed. */
export type RehearsalErrorCode =
  | "UNSUPPORTED_INSTRUCTION"
  | "UNSUPPORTED_SYNTAX"
  | "BASE_IMAGE"
  | "NOT_IN_CONTEXT"
  | "STEP_FAILED"
  | "NOT_READY"
  | "CHECK_FAILED";

export class RehearsalError extends Error {
  override name = "RehearsalError";

  constructor(
    readonly code: RehearsalErrorCode,
    message: string,
  ) {
    super(message);
  }
}
