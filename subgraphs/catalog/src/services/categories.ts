import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, notFound } from "../../../core/src/errors";
import { recordAudit } from "../../../clients/src/public";
import {
  keysetPage,
  pageWindow,
  toConnection,
  type Connection,
  type PageArgs,
} from "../../../core/src/graphql/pagination";
import { likeLiteral } from "../../../core/src/db/like";
import { isUuid } from "../../../core/src/ids";
import { invalidField } from "./input";
import type { Category, Db, Tx } from "../db";

export interface CategoryFields {
  name: string;
  slug: string;
  parentId?: string | null;
}

/** Omitted (undefined) leaves a field as it is; `parentId: null` makes the category a root. */
export interface CategoryChanges {
  name?: string | null;
  slug?: string | null;
  parentId?: string | null;
}

export async function findCategory(db: Db, auth: TenantAuth, id: string): Promise<Category | null> {
  return isUuid(id) ? db.category.findFirst({ where: { id, clientId: auth.clientId } }) : null;
}

export async function findOwnCategory(db: Db, auth: TenantAuth, id: string): Promise<Category> {
  const category = await findCategory(db, auth, id);
  if (!category) throw notFound("Category", id);
  return category;
}

/** The children of `parentId`, or the roots of the tree when it is null; by name. */
export function listCategories(db: Db, auth: TenantAuth, parentId: string | null): Promise<Category[]> {
  if (parentId !== null && !isUuid(parentId)) return Promise.resolve([]);
  return db.category.findMany({
    where: { clientId: auth.clientId, parentId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/** Longer text names no category: a search of it is a mistake, not a lookup. */
export const maxCategorySearchLength = 200;

/**
 * One page of the children of `parentId` (the roots without it), in the order they were
 * created: the keyset the cursors name. A name order would need cursors of (name, id).
 * With `search`, only names containing it (ignoring case), and then from the whole tree
 * unless `parentId` narrows it: someone looking for "Shirts" does not know its depth.
 */
export async function listCategoryPage(
  db: Db,
  auth: TenantAuth,
  parentId: string | null,
  page: PageArgs,
  search: string | null = null,
): Promise<Connection<Category>> {
  if (search !== null && search.length > maxCategorySearchLength) {
    throw invalidField("search", `must be at most ${maxCategorySearchLength} characters`);
  }
  if (parentId !== null && !isUuid(parentId)) return toConnection([], pageWindow(page), 0);
  const where = {
    clientId: auth.clientId,
    ...(search === null || parentId !== null ? { parentId } : {}),
    // Prisma passes `contains` to ILIKE as it is: % and _ would be wildcards.
    ...(search !== null && { name: { contains: likeLiteral(search), mode: "insensitive" as const } }),
  };
  return keysetPage(
    page,
    (query) => db.category.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.category.count({ where }),
  );
}

/** Run inside a transaction: the row lock it takes on the parent lasts until commit. */
export async function createCategory(db: Tx, auth: TenantAuth, fields: CategoryFields): Promise<Category> {
  await assertSlugFree(db, auth, fields.slug, null);
  if (fields.parentId) await holdCategory(db, auth, fields.parentId, "parentId");
  const category = await db.category.create({
    data: { clientId: auth.clientId, name: fields.name, slug: fields.slug, parentId: fields.parentId ?? null },
  });
  await recordAudit(db, auth, {
    action: "category.created",
    entityType: "Category",
    entityId: category.id,
    after: category,
  });
  return category;
}

/** Run inside a transaction: moves in the tree are serialised per client there (see lockTree). */
export async function updateCategory(
  db: Tx,
  auth: TenantAuth,
  id: string,
  changes: CategoryChanges,
): Promise<Category> {
  const movesInTree = changes.parentId !== undefined;
  if (movesInTree) await lockTree(db, auth);
  const before = await findOwnCategory(db, auth, id);
  if (changes.slug && changes.slug !== before.slug) await assertSlugFree(db, auth, changes.slug, id);
  if (changes.parentId) {
    await holdCategory(db, auth, changes.parentId, "parentId");
    if (await isSelfOrDescendant(db, auth, id, changes.parentId)) {
      throw invalidField("parentId", "must not be the category itself or one of its descendants");
    }
  }
  const after = await db.category.update({
    where: { id },
    data: {
      name: changes.name ?? undefined,
      slug: changes.slug ?? undefined,
      ...(movesInTree && { parentId: changes.parentId }),
    },
  });
  await recordAudit(db, auth, { action: "category.updated", entityType: "Category", entityId: id, before, after });
  return after;
}

/** Only an empty category goes: children or products would otherwise lose it silently. */
export async function deleteCategory(db: Tx, auth: TenantAuth, id: string): Promise<boolean> {
  // FOR UPDATE waits for transactions that are adding a child or product under it (they
  // hold a key-share lock on it, see holdCategory), so the counts below include theirs.
  const locked = isUuid(id)
    ? await db.$queryRaw<{ id: string }[]>`
        select id from "Category" where id = ${id}::uuid and "clientId" = ${auth.clientId}::uuid for update`
    : [];
  if (locked.length === 0) throw notFound("Category", id);
  const children = await db.category.count({ where: { parentId: id } });
  const products = await db.product.count({ where: { categoryId: id } });
  if (children > 0 || products > 0) {
    throw new AppError("CONFLICT", `Category ${id} still has ${children} subcategories and ${products} products`, {
      entity: "Category",
      id,
      children,
      products,
    });
  }
  const before = await db.category.delete({ where: { id } });
  await recordAudit(db, auth, { action: "category.deleted", entityType: "Category", entityId: id, before });
  return true;
}

/**
 * Checks that `id` is one of the caller's categories and keeps it from being deleted until
 * the transaction ends, so a product or child added under it never dangles.
 */
export async function holdCategory(db: Db, auth: TenantAuth, id: string, field: string): Promise<void> {
  const held = isUuid(id)
    ? await db.$queryRaw<{ id: string }[]>`
        select id from "Category" where id = ${id}::uuid and "clientId" = ${auth.clientId}::uuid for key share`
    : [];
  if (held.length === 0) {
    throw new AppError("NOT_FOUND", `Category ${id} not found`, { entity: "Category", id, field });
  }
}

/**
 * Two concurrent moves (A under B, B under A) each pass the cycle check on their own
 * snapshot; one lock per client's tree, held to commit, makes the second see the first.
 */
async function lockTree(db: Db, auth: TenantAuth): Promise<void> {
  await db.$executeRaw`select pg_advisory_xact_lock(hashtext(${`category-tree:${auth.clientId}`}))`;
}

async function isSelfOrDescendant(db: Db, auth: TenantAuth, categoryId: string, candidateId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    with recursive ancestors (id, "parentId") as (
      select id, "parentId" from "Category" where id = ${candidateId}::uuid and "clientId" = ${auth.clientId}::uuid
      union
      select c.id, c."parentId" from "Category" c join ancestors a on c.id = a."parentId"
    )
    select exists (select 1 from ancestors where id = ${categoryId}::uuid) as found`;
  return row?.found ?? false;
}

async function assertSlugFree(db: Db, auth: TenantAuth, slug: string, exceptId: string | null): Promise<void> {
  const existing = await db.category.findFirst({
    where: { clientId: auth.clientId, slug, ...(exceptId && { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (existing) throw new AppError("CONFLICT", "A category with this slug already exists", { field: "slug" });
}
