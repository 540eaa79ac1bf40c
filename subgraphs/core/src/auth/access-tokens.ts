import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { AppError, unauthenticated } from "../errors";

/** What a staff app's access token says about its holder; the gateway checks the rest in the database. */
export interface AccessTokenClaims {
  userId: string;
  staffAppId: string;
  clientId: string;
  clientAppId: string;
  /** The sign-in the token descends from: signing out revokes it, and the token with it. */
  familyId: string;
}

const issuer = "omnistack-gateway";
const algorithm = "EdDSA";

// The PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): node imports keys only in a container.
const ed25519Pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The key the gateway signs access tokens with: OMNI_JWT_SIGNING_KEY (a PKCS#8 PEM, Ed25519)
 * when configured, otherwise derived (HKDF) from the internal secret, which every process of
 * a deployment already shares, so any replica verifies what another signed.
 */
export function signingKeyFrom(configured: string | undefined, internalSecret: string): KeyObject {
  if (configured) return createPrivateKey(configured);
  const seed = Buffer.from(hkdfSync("sha256", internalSecret, "", "omnistack access-token signing key", 32));
  return createPrivateKey({ key: Buffer.concat([ed25519Pkcs8Prefix, seed]), format: "der", type: "pkcs8" });
}

/** Signs and verifies staff apps' access tokens (JWT, EdDSA) and publishes the public key. */
export class AccessTokens {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly publicJwk: JWK,
    readonly ttlSeconds: number,
  ) {}

  static async create(privateKey: KeyObject, ttlSeconds: number): Promise<AccessTokens> {
    const publicKey = createPublicKey(privateKey);
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new AccessTokens(privateKey, publicKey, { ...jwk, kid, alg: algorithm, use: "sig" }, ttlSeconds);
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ cid: claims.clientId, caid: claims.clientAppId, fam: claims.familyId })
      .setProtectedHeader({ alg: algorithm, kid: this.publicJwk.kid!, typ: "at+jwt" })
      .setIssuer(issuer)
      .setSubject(claims.userId)
      .setAudience(claims.staffAppId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.privateKey);
  }

  /** The claims of a token this gateway signed and that has not expired; UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer,
        algorithms: [algorithm],
        typ: "at+jwt",
        requiredClaims: ["sub", "aud", "exp", "cid", "caid", "fam"],
      });
      const staffAppId = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      const { cid, caid, fam } = payload as Record<string, unknown>;
      if (typeof cid !== "string" || typeof caid !== "string" || typeof fam !== "string" || !staffAppId) {
        throw unauthenticated();
      }
      return { userId: payload.sub!, staffAppId, clientId: cid, clientAppId: caid, familyId: fam };
    } catch {
      throw new AppError("UNAUTHENTICATED", "The access token is invalid or expired: refresh it or sign in again");
    }
  }

  /** The JSON Web Key Set served at /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
