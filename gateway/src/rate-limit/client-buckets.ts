import type { BucketSettings } from "../../../subgraphs/core/src/config";
import type { GatewayContext } from "../context";
import type { BucketStore, TakeResult } from "./leaky-bucket";

/** Whose points a request spends, and how many that caller holds. */
export interface ClientBucket {
  key: string;
  settings: BucketSettings;
}

/**
 * One bucket per tenant (client key), or per platform for calls with the platform key
 * alone. Sizes come from the client app's `rateLimitCapacity`/`rateLimitRestoreRate` (read
 * with its keys, so a changed limit applies within the key cache's lifetime), else the
 * configured default. The operator and keyless introspection are not metered.
 *
 * A publishable key is public: anyone can copy it from the storefront's page. Its calls get
 * one bucket per key and caller address (`publishable` settings), so an abuser empties only
 * their own and every other shopper keeps theirs; they spend nothing of the tenant's bucket,
 * which its secret keys (the back office) keep whole.
 */
export class ClientBuckets {
  constructor(
    private readonly store: BucketStore,
    private readonly defaults: BucketSettings,
    private readonly publishable: BucketSettings,
  ) {}

  bucketFor({
    auth,
    rateLimit,
    publishable,
    callerAddress,
  }: Pick<GatewayContext, "auth" | "rateLimit" | "publishable" | "callerAddress">): ClientBucket | undefined {
    if (auth.isAdmin || auth.clientAppId === null) return undefined;
    if (publishable) {
      return { key: `publishable:${auth.keyId}:${callerAddress ?? ""}`, settings: this.publishable };
    }
    const key = auth.clientId !== null ? `client:${auth.clientId}` : `app:${auth.clientAppId}`;
    // A zero or negative column would make a bucket that never refills: read as unset.
    const positive = (value: number | null | undefined) => (value && value > 0 ? value : undefined);
    return {
      key,
      settings: {
        capacity: positive(rateLimit?.capacity) ?? this.defaults.capacity,
        restoreRate: positive(rateLimit?.restoreRate) ?? this.defaults.restoreRate,
      },
    };
  }

  /** See BucketStore.take: `spend`, when given, is what an allowed take costs. */
  take(bucket: ClientBucket, cost: number, spend?: number): Promise<TakeResult> {
    return this.store.take(bucket.key, bucket.settings, cost, spend);
  }
}
