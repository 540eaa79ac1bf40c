import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoKeysFile } from "./demo-keys-file";
import { hashApiKey } from "../subgraphs/core/src/auth/api-key-format";
import type { Database } from "../subgraphs/core/src/db/database";
import { createClientApp } from "../subgraphs/clients/src/services/client-apps";
import { registerClient } from "../subgraphs/clients/src/services/clients";
import { hashPassword } from "../subgraphs/clients/src/services/passwords";
import { registerStaffApp } from "../subgraphs/clients/src/services/staff-apps";
import { createUser } from "../subgraphs/clients/src/services/users";
import { issuePublishableKey } from "../subgraphs/clients/src/services/publishable-keys";
import { moduleDatabase } from "../subgraphs/core/src/db/module-db";

export interface DemoKeys {
  platformApiKey: string;
  clientApiKey: string;
  clientId: string;
  clientAppId: string;
  /** A browser storefront's key (`pub_…`), sent alone, from a dev server on port 3000. */
  publishableKey: string;
  /** A sales associate (role STAFF, staff app access) and the staff app it signs in to. */
  staffEmail: string;
  staffPassword: string;
  staffAppId: string;
  /** An operator's admin console account (POST /auth/session). */
  consoleEmail: string;
  consolePassword: string;
  /** The demo tenant's owner, who sees its catalog, stock, orders, stores and webhooks in the console. */
  ownerEmail: string;
  ownerPassword: string;
}

/** The seed's result: `created` when this start made the demo, so its passwords are shown once. */
export interface DemoSeed {
  keys: DemoKeys;
  created: boolean;
}

const demoOperatorEmail = "operator@demo.example";

/** Where a storefront's dev server usually runs (Next.js, Remix, Create React App…). */
export const demoStorefrontOrigins = ["http://localhost:3000", "http://127.0.0.1:3000"];

/**
 * A demo platform and tenant so a fresh `npm start` can be called at once. Keys are only
 * ever stored hashed, so the plain ones live in `demo-keys.json` (mode 0600) for reuse on
 * later starts; a data dir whose database no longer knows them gets a new demo.
 */
export async function seedDemo(db: Database, dataDir: string): Promise<DemoSeed> {
  const file = path.join(dataDir, demoKeysFile);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoKeys> &
      Pick<DemoKeys, "platformApiKey" | "clientApiKey">;
    const known = await db.prisma.apiKey.count({
      where: { hash: { in: [hashApiKey(saved.platformApiKey), hashApiKey(saved.clientApiKey)] } },
    });
    // A data dir from before the publishable key or the staff app gets a whole new demo.
    const staffKnown = saved.staffAppId && (await db.prisma.staffApp.count({ where: { id: saved.staffAppId } })) === 1;
    // …and so does one from before the console account or the tenant's owner.
    const consoleKnown =
      saved.consoleEmail && (await db.prisma.consoleAccount.count({ where: { email: saved.consoleEmail } })) === 1;
    if (known === 2 && saved.publishableKey && staffKnown && consoleKnown && saved.ownerEmail) {
      return { keys: saved as DemoKeys, created: false };
    }
  }
  const staffPassword = randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(staffPassword);
  const consolePassword = randomBytes(12).toString("base64url");
  const consolePasswordHash = await hashPassword(consolePassword);
  const ownerPassword = randomBytes(12).toString("base64url");
  const ownerPasswordHash = await hashPassword(ownerPassword);
  const keys = await moduleDatabase(db.prisma).$transaction(async (tx) => {
    const app = await createClientApp(tx, { name: "Demo Platform" });
    const platform = {
      clientAppId: app.clientApp.id,
      clientId: null,
      keyId: app.keyId,
      userId: null,
      scopes: ["admin"],
      isAdmin: false,
    };
    const { client, key } = await registerClient(tx, platform, { name: "Demo Store", code: `demo-${Date.now()}` });
    const storefront = await issuePublishableKey(tx, platform, client.id, demoStorefrontOrigins);
    const tenant = { ...platform, clientId: client.id, keyId: key.info.id };
    const staffApp = await registerStaffApp(tx, tenant, "Demo Sales App");
    const staff = await createUser(tx, tenant, {
      email: "associate@demo.example",
      name: "Demo Sales Associate",
      role: "STAFF",
      staffAppAccess: true,
    });
    await tx.user.update({ where: { id: staff.id }, data: { passwordHash } });
    const owner = await createUser(tx, tenant, {
      email: "owner@demo.example",
      name: "Demo Store Owner",
      role: "OWNER",
    });
    await tx.user.update({ where: { id: owner.id }, data: { passwordHash: ownerPasswordHash } });
    // One demo operator per database: a new demo (its keys file lost) gives it a new password.
    const operator = await tx.consoleAccount.upsert({
      where: { email: demoOperatorEmail },
      create: { email: demoOperatorEmail, name: "Demo Operator", kind: "OPERATOR", passwordHash: consolePasswordHash },
      update: { passwordHash: consolePasswordHash, isActive: true },
    });
    return {
      platformApiKey: app.apiKey,
      clientApiKey: key.apiKey,
      clientId: client.id,
      clientAppId: app.clientApp.id,
      staffEmail: staff.email,
      staffPassword,
      staffAppId: staffApp.id,
      publishableKey: storefront.publishableKey,
      consoleEmail: operator.email,
      consolePassword,
      ownerEmail: owner.email,
      ownerPassword,
    };
  });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { keys, created: true };
}
