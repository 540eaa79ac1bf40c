import { AppError } from "./errors";

/** Allowed moves of a status field: the one table a service, its errors and its tests read. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: Transitions<S>, entity: string, from: S, to: S): void {
  if (!canTransition(table, from, to)) {
    throw new AppError("INVALID_STATE_TRANSITION", `${entity} cannot move from ${from} to ${to}`, {
      entity,
      from,
      to,
      allowed: table[from],
    });
  }
}
