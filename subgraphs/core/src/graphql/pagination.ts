import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { badInput } from "../errors";
import { isUuid } from "../ids";
import { PageInfo } from "./common-types";

export const defaultPageSize = 20;
export const maxPageSize = 100;

/**
 * Relay paging: `first` (with `after`) pages forward, `last` (with `before`) backward, both in
 * the list's own order. Neither given means `first: 20`; the default lives here, not in the
 * schema, so that a `first` the caller sent can be told from one it did not send.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `The first n items (after \`after\`), at most ${maxPageSize}; ${defaultPageSize} when neither first nor last is given`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "A cursor: items after it" })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `The last n items (before \`before\`, else of the list), at most ${maxPageSize}; not with first`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "A cursor: items before it" })
  before?: string | null;
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

/**
 * A keyset page: the rows strictly between `afterId` and `beforeId` in id order (our ids are
 * time-ordered UUIDv7), the first `take` of them, or the last `take` when `backward`.
 */
export interface PageWindow {
  take: number;
  afterId: string | undefined;
  /** Unset: forward. */
  backward?: boolean;
  beforeId?: string | undefined;
}

export function pageWindow(args: PageArgs): PageWindow {
  const hasFirst = args.first !== undefined && args.first !== null;
  const backward = args.last !== undefined && args.last !== null;
  if (hasFirst && backward) {
    throw badInput("Pass first or last, not both: first pages forward from after, last backward from before", {
      arguments: ["first", "last"],
    });
  }
  const argument = backward ? "last" : "first";
  const take = (backward ? args.last : args.first) ?? defaultPageSize;
  if (!Number.isInteger(take) || take < 0 || take > maxPageSize) {
    throw badInput(`${argument} must be between 0 and ${maxPageSize}`, { argument, max: maxPageSize });
  }
  return {
    take,
    backward,
    afterId: args.after ? decodeCursor(args.after, "after") : undefined,
    beforeId: args.before ? decodeCursor(args.before, "before") : undefined,
  };
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, argument: "after" | "before" = "after"): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!isUuid(id)) throw badInput(`${argument} is not a cursor returned by this API`, { argument });
  return id;
}

/**
 * Builds a connection from rows fetched with `take + 1` in the direction of travel (from the
 * end of the list inward when going backward; the page is turned back into the list's order):
 * the extra row only tells that another page lies that way.
 * Towards a cursor, a page exists when the cursor was given and the count shows rows beyond
 * this page; a cursor whose row was deleted, with nothing left past it, then reads as none.
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  window: PageWindow,
  totalCount: number,
): Connection<T> {
  const more = rows.length > window.take;
  const fetched = rows.slice(0, window.take);
  const page = window.backward ? fetched.reverse() : fetched;
  const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
  const othersExist = totalCount > page.length;
  const pastAfter = window.afterId !== undefined && othersExist;
  const pastBefore = window.beforeId !== undefined && othersExist;
  return {
    edges,
    pageInfo: {
      hasPreviousPage: window.backward ? more || pastAfter : pastAfter,
      hasNextPage: window.backward ? pastBefore : more || pastBefore,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
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
  where: { id?: { gt?: string; lt?: string } };
  orderBy: { id: "asc" | "desc" };
  take: number;
}

/** A window's bounds and direction as a keyset query over a list ordered by id `direction`. */
function keysetQuery(window: PageWindow, direction: "asc" | "desc"): KeysetQuery {
  const [towardsEnd, towardsStart] = direction === "asc" ? (["gt", "lt"] as const) : (["lt", "gt"] as const);
  const id = {
    ...(window.afterId && { [towardsEnd]: window.afterId }),
    ...(window.beforeId && { [towardsStart]: window.beforeId }),
  };
  const reversed = direction === "asc" ? "desc" : "asc";
  return {
    where: Object.keys(id).length > 0 ? { id } : {},
    orderBy: { id: window.backward ? reversed : direction },
    take: window.take + 1,
  };
}

/**
 * One page of a list ordered by id (UUIDv7, so by creation time): `asc` oldest first,
 * `desc` newest first. Fetches one extra row to learn whether another page follows (or,
 * going backward, precedes); the count runs alongside, as before: two statements a page.
 */
export async function keysetPage<T extends { id: string }>(
  args: PageArgs,
  fetch: (query: KeysetQuery) => Promise<T[]>,
  count: () => Promise<number>,
  direction: "asc" | "desc" = "asc",
): Promise<Connection<T>> {
  const window = pageWindow(args);
  const [rows, totalCount] = await Promise.all([fetch(keysetQuery(window, direction)), count()]);
  return toConnection(rows, window, totalCount);
}
