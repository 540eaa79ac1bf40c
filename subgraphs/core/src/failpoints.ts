/**
 * Places where a crash test can kill the process (`OMNI_FAILPOINTS`, never in production):
 * a SIGKILL at exactly that instruction, as a power cut or the OOM killer would cause, so a
 * test can prove that nothing is lost whatever the moment.
 */
export const failpointNames = ["outbox.after-publish", "outbox.after-mark"] as const;

export type FailpointName = (typeof failpointNames)[number];

export const isFailpointName = (name: string): name is FailpointName =>
  (failpointNames as readonly string[]).includes(name);

/** The kill for `name` when it is armed, else undefined (nothing to call on the hot path). */
export function failpoint(armed: readonly FailpointName[], name: FailpointName): (() => void) | undefined {
  if (!armed.includes(name)) return undefined;
  return () => process.kill(process.pid, "SIGKILL");
}
