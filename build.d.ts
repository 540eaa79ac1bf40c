// Types of build.js for the TypeScript that calls it (the tests).
export interface BuildResult {
  /** Sources compiled by this call. */
  compiled: number;
  /** Outputs deleted because their source is gone. */
  removed: number;
  /** Nothing had to be done. */
  upToDate: boolean;
}

export class BuildError extends Error {}

export function ensureBuilt(options?: { root?: string; log?: (line: string) => void }): Promise<BuildResult>;

export const swcOptions: Record<string, unknown>;
