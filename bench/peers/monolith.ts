import { randomBytes } from "node:crypto";
import { AccessTokens, signingKeyFrom } from "../../subgraphs/core/src/auth/access-tokens";
import { SessionCsrf } from "../../subgraphs/core/src/auth/console-session";
import "reflect-metadata";
import http from "node:http";
import { mergeResolvers, mergeTypeDefs } from "@graphql-tools/merge";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { getResolversFromSchema, type IResolvers } from "@graphql-tools/utils";
import {
  execute,
  isObjectType,
  parse,
  printSchema,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
} from "graphql";
import { LRUCache } from "lru-cache";
import { buildSchemaSync } from "type-graphql";
import { Authenticator, credentialResolverOf } from "../../gateway/src/auth/authenticate";
import { moduleDefinitions, modules } from "../../subgraphs/modules";
import { subgraphNames, type SubgraphName, loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { AppError } from "../../subgraphs/core/src/errors";
import { scalarsMap } from "../../subgraphs/core/src/graphql/scalars";
import { createLogger } from "../../subgraphs/core/src/logger";
import { createTenantCache } from "../../subgraphs/core/src/cache/tenant-cache";
import type { AnySubgraphDefinition, SubgraphContext } from "../../subgraphs/core/src/subgraph/definition";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

// Peer (e), the monolith baseline: the five subgraphs' own type-graphql resolver classes and
// DataLoaders merged into ONE plain graphql-js schema (no federation: no query plan, no
// entity fetches, no subgraph documents, no JSON between parts), executed with graphql-js
// `execute` behind a bare `node:http` server. Each resolver still gets its own subgraph's
// context (its loaders), and the key lookup is the gateway's own Authenticator (same cache).
// Where federation would send an entity reference to its owner (an order item's
// `product { name }`), the owner's `__resolveReference` — its batched loader — turns the
// `{ id }` into its row right here, which is what a monolith's join through a loader does.
// Each module's context sees its own models; here they sit side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyContext = SubgraphContext<unknown, any>;
type Contexts = Record<SubgraphName, AnyContext>;

const isBareReference = (parent: unknown) =>
  typeof parent === "object" &&
  parent !== null &&
  Object.keys(parent).every((key) => key === "id" || key === "__typename");

type Info = Parameters<GraphQLFieldResolver<unknown, unknown>>[3];
type OwnResolver = GraphQLFieldResolver<unknown, AnyContext>;

/** One subgraph's schema text and its resolvers, rewired to take the merged context. */
function partOf(definition: AnySubgraphDefinition): { sdl: string; resolvers: IResolvers } {
  const schema = buildSchemaSync({
    resolvers: definition.resolvers,
    scalarsMap,
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  const name = definition.name;
  const referenceResolvers = definition.referenceResolvers ?? {};
  const resolvers = getResolversFromSchema(schema) as Record<string, unknown>;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const resolveReference = referenceResolvers[type.name];
    const own = (resolvers[type.name] ?? {}) as Record<string, { resolve?: OwnResolver } | undefined>;
    const fields: Record<string, { resolve: GraphQLFieldResolver<unknown, Contexts> }> = {};
    for (const fieldName of Object.keys(type.getFields())) {
      const resolve = own[fieldName]?.resolve;
      if (!resolve && !resolveReference) continue;
      const read = (source: unknown, args: Record<string, unknown>, context: AnyContext, info: Info) =>
        resolve ? resolve(source, args, context, info) : (source as Record<string, unknown> | null)?.[fieldName];
      fields[fieldName] = {
        resolve: (parent, args, contexts, info) => {
          const context = contexts[name];
          if (!resolveReference || !isBareReference(parent)) return read(parent, args, context, info);
          return Promise.resolve(resolveReference(parent as { id: string }, context)).then((source) =>
            read(source, args, context, info),
          );
        },
      };
    }
    resolvers[type.name] = fields;
  }
  return { sdl: printSchema(schema), resolvers: resolvers as IResolvers };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const adminKey = config.adminKey;
  const encryptionKey = config.encryptionKey;
  if (!config.databaseUrl || !adminKey || !encryptionKey) {
    throw new Error("The monolith needs DATABASE_URL, OMNI_ADMIN_KEY and OMNI_ENCRYPTION_KEY");
  }
  const log = createLogger({ name: "bench-monolith", level: "warn" });
  const db = await openDatabase(databaseTarget(config));
  const secretBox = new SecretBox(encryptionKey);
  // The same catalog cache as the gateway's, so the comparison is of federation alone.
  const cache = createTenantCache({ ttlMs: config.catalogCacheTtlMs, redisUrl: config.redisUrl }, log);
  const definitions = subgraphNames.map((name) => moduleDefinitions[name]);
  const parts = definitions.map(partOf);
  const schema = makeExecutableSchema({
    typeDefs: mergeTypeDefs(parts.map((part) => part.sdl)),
    resolvers: mergeResolvers(parts.map((part) => part.resolvers)),
  });
  // Staff apps' tokens and console sessions are not benchmarked: throwaway keys.
  const accessTokens = await AccessTokens.create(signingKeyFrom(undefined, randomBytes(32).toString("hex")), 900);
  const authenticator = new Authenticator(
    db.prisma,
    credentialResolverOf(modules),
    adminKey,
    config.authCacheTtlMs,
    accessTokens,
    { csrf: new SessionCsrf(randomBytes(32).toString("hex")), idleMs: config.consoleSession.idleMs },
  );
  const documents = new LRUCache<string, DocumentNode>({ max: 1000 });
  let sequence = 0;

  const prisma = moduleDatabase(db.prisma);
  const contextsFor = (auth: SubgraphContext["auth"]): Contexts => {
    const requestId = `mono-${++sequence}`;
    const contexts = {} as Contexts;
    for (const definition of definitions) {
      // Loaders are made on first use, as a subgraph makes them only when it is called.
      let loaders: unknown;
      const context = {
        auth,
        requestId,
        prisma,
        log,
        config,
        secretBox,
        cache,
        get loaders() {
          loaders ??= definition.createLoaders(prisma, auth, cache);
          return loaders;
        },
      };
      contexts[definition.name] = context as AnyContext;
    }
    return contexts;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      void (async () => {
        try {
          const { query, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            query: string;
            variables?: Record<string, unknown>;
          };
          const identity = await authenticator.authenticate(req.headers, undefined);
          let document = documents.get(query);
          if (!document) {
            document = parse(query);
            const errors = validate(schema, document);
            if (errors.length > 0) return reply(400, { errors });
            documents.set(query, document);
          }
          const result = await execute({
            schema,
            document,
            variableValues: variables,
            contextValue: contextsFor(identity.auth),
          });
          reply(200, result);
        } catch (error) {
          if (error instanceof AppError) return reply(401, { errors: [{ message: error.message }] });
          log.error({ err: error }, "monolith request failed");
          reply(500, { errors: [{ message: "Internal server error" }] });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, "127.0.0.1", resolve));
  process.stdout.write(`ready http://127.0.0.1:${config.port}/graphql\n`);
  const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
