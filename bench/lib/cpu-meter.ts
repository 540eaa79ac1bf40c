import { loadavg } from "node:os";
import { readdirSync, readFileSync } from "node:fs";
import { childPids, cpuMs } from "./processes";

/** CPU ms per role at one instant: the server under test, this load generator, the database's backends, Redis. */
type CpuSnapshot = Record<"server" | "client" | "postgres" | "redis", number>;

export interface CpuPerOperation {
  /** ms of CPU per successful operation, by role. */
  server: number;
  client: number;
  postgres: number;
  redis: number;
  /** The 1-minute load average when the run ended: above the core count, figures are noisy. */
  load: number;
}

/** Processes whose command line matches: PostgreSQL names a backend's database in its title. */
function pidsWhose(matches: (commandLine: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return matches(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
      } catch {
        return false; // it exited while we looked
      }
    });
}

function sumCpu(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuMs(pid);
    } catch {
      // exited between listing and reading: its time is gone from both snapshots alike
    }
  }
  return total;
}

/**
 * CPU per operation of a closed-loop run, split by who spent it, so a figure on a shared
 * 2-core machine says where the time went and not only how many operations fit. PostgreSQL
 * counts only the backends of the bench's own database (other work on the server is not
 * ours) and its background writers are left out. Redis is the whole server: on a shared
 * machine its figure includes other clients' commands, so read it as an upper bound.
 */
export function cpuMeter(serverPid: number, database: string | null): { snapshot(): CpuSnapshot } {
  return {
    snapshot: () => {
      const { user, system } = process.cpuUsage();
      return {
        server: sumCpu([serverPid, ...childPids(serverPid)]),
        client: (user + system) / 1000,
        postgres: database
          ? sumCpu(pidsWhose((line) => line.startsWith("postgres: ") && line.includes(` ${database} `)))
          : 0,
        redis: sumCpu(pidsWhose((line) => line.startsWith("redis-server"))),
      };
    },
  };
}

export function cpuPerOperation(before: CpuSnapshot, after: CpuSnapshot, operations: number): CpuPerOperation {
  const per = (role: keyof CpuSnapshot) => (operations > 0 ? (after[role] - before[role]) / operations : NaN);
  return {
    server: per("server"),
    client: per("client"),
    postgres: per("postgres"),
    redis: per("redis"),
    load: loadavg()[0]!,
  };
}

export function formatCpu(cpu: CpuPerOperation): string {
  const ms = (value: number) => value.toFixed(2);
  return `CPU/op: server ${ms(cpu.server)} ms, client ${ms(cpu.client)} ms, postgres ${ms(cpu.postgres)} ms, redis ${ms(cpu.redis)} ms; load ${cpu.load.toFixed(2)}`;
}
