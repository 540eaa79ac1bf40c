/**
 * Whether an IPC message between cluster processes is one of ours, of `kind`, with `field`
 * of the given type. Anything else on the channel (node:cluster's own, another library's)
 * is ignored by the caller.
 */
export function isClusterMessage<T extends { kind: string }>(
  message: unknown,
  kind: T["kind"],
  field: Exclude<keyof T & string, "kind">,
  type: "string" | "number",
): message is T {
  if (typeof message !== "object" || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return candidate.kind === kind && typeof candidate[field] === type;
}
