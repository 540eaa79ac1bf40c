import { ephemeralPorts, fdCount, memAvailableKb, openFilesLimit } from "./proc-readings";

/** What the machine allows: each subscriber is a socket (a file and a port) on both sides. */
export interface Capacity {
  benchOpenFiles: number;
  gatewayOpenFiles: number;
  ephemeralPorts: number;
}

export function readCapacity(gatewayPid: number): Capacity {
  return {
    benchOpenFiles: openFilesLimit("self"),
    gatewayOpenFiles: openFilesLimit(gatewayPid),
    ephemeralPorts: ephemeralPorts(),
  };
}

/**
 * Why N subscribers would not fit, or undefined when they would. `perConnKb` is the memory one
 * connection took (gateway and bench) in the runs so far: a run that swaps measures the disk.
 */
export function whyNotFit(n: number, gatewayPid: number, capacity: Capacity, perConnKb: number): string | undefined {
  const gatewayFds = fdCount(gatewayPid);
  const selfFds = fdCount("self");
  const { benchOpenFiles, gatewayOpenFiles, ephemeralPorts: ports } = capacity;
  if (n + gatewayFds + 100 > gatewayOpenFiles || n + selfFds + 100 > benchOpenFiles) {
    return `N=${n} needs ~${n + Math.max(gatewayFds, selfFds) + 100} open files; limit is bench ${benchOpenFiles}, gateway ${gatewayOpenFiles} (raise ulimit -n)`;
  }
  if (n + 1000 > ports) return `N=${n} needs ${n} ephemeral ports; the range has ${ports}`;
  const neededKb = perConnKb * n * 1.5;
  if (neededKb > memAvailableKb() * 0.7) {
    return `N=${n} needs ~${(neededKb / 1024).toFixed(0)} MB by the last run's per-connection figures; MemAvailable is ${(memAvailableKb() / 1024).toFixed(0)} MB`;
  }
  return undefined;
}
