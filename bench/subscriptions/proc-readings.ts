import { readdirSync, readFileSync } from "node:fs";

// What the kernel says about a process and the machine: the bench's limits and the
// gateway's memory, read from /proc so that the gateway does no work to report them.

export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? NaN);
}

export function fdCount(pid: number | "self"): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function openFilesLimit(pid: number | "self"): number {
  const match = /Max open files\s+(\S+)/.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
  return match?.[1] === "unlimited" ? Infinity : Number(match?.[1] ?? NaN);
}

export function memAvailableKb(): number {
  return Number(/MemAvailable:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? NaN);
}

export function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return high! - low! + 1;
  } catch {
    return Infinity;
  }
}
