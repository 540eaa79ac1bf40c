import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { badInput } from "../errors";
import { isUuid } from "../ids";
import { PageInfo } from "./common-types";

export const defaultPageSize = 20;
export const maxPageSize = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: defaultPageSize, description: `At most ${maxPageSize}` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A keyset page: rows strictly after `afterId` in id order (our ids are time-ordered UUIDv7). */
export interface PageWindow {
  take: number;
  afterId: string | undefined;
}

export function pageWindow(args: PageArgs): PageWindow {
  const take = args.first ?? defaultPageSize;
  if (!Number.isInteger(take) || take < 0 || take > maxPageSize) {
    throw badInput(`first must be between 0 and ${maxPageSize}`, { argument: "first", max: maxPageSize });
  }
  return { take, afterId: args.after ? decodeCursor(args.after) : undefined };
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!isUuid(id)) throw badInput("after is not a cursor returned by this API", { argument: "after" });
  return id;
}

/**
 * Builds a connection from rows fetched with `take + 1`: the extra row only tells whether
 * another page exists and is not returned.
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  window: PageWindow,
  totalCount: number,
): Connection<T> {
  const page = rows.slice(0, window.take);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > window.take, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return ConnectionClass;
}

/** The Prisma arguments of one keyset page: spread `where` into the list's own filter. */
export interface KeysetQuery {
  where: { id?: { gt: string } | { lt: string } };
  orderBy: { id: "asc" | "desc" };
  take: number;
}

/**
 * One page of a list ordered by id (UUIDv7, so by creation time): `asc` oldest first,
 * `desc` newest first. Fetches one extra row to learn whether another page follows.
 */
export async function keysetPage<T extends { id: string }>(
  args: PageArgs,
  fetch: (query: KeysetQuery) => Promise<T[]>,
  count: () => Promise<number>,
  direction: "asc" | "desc" = "asc",
): Promise<Connection<T>> {
  const window = pageWindow(args);
  const after = window.afterId;
  const where = after ? { id: direction === "asc" ? { gt: after } : { lt: after } } : {};
  const [rows, totalCount] = await Promise.all([
    fetch({ where, orderBy: { id: direction }, take: window.take + 1 }),
    count(),
  ]);
  return toConnection(rows, window, totalCount);
}
