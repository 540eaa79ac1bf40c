import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { badInput } from "../../../core/src/errors";

// Loopback, private, link-local, CGNAT, multicast, reserved and unspecified ranges.
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address is one a tenant-supplied URL must not reach (loopback, private, link-local, …). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) return blocked.check(address, "ipv6");
  return true;
}

/**
 * Refuses a URL a tenant gave us (a webhook endpoint, a store, a Prokip API) whose host is
 * or resolves to a private, loopback or link-local address: our server must not become a
 * way into the network it runs in. Tests and local development allow them by configuration
 * (OMNI_WEBHOOKS_ALLOW_PRIVATE).
 */
export async function assertPublicHost(url: URL, field: string): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw badInput(`${field}'s host does not resolve`, { field });
    }
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw badInput(`${field} must not point to a private, loopback or link-local address`, { field });
  }
}
