import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, type Connection as Page } from "../../../core/src/graphql/pagination";
import { integrationDeps, type IntegrationsContext } from "../context";
import { setSyncEnabled } from "../services/connections";
import { pullOrders } from "../services/order-pull";
import { listSyncRuns } from "../services/sync-runs";
import { targetConnections, triggerSync } from "../services/sync";
import { Connection, PullOrdersResult, SyncRun, SyncRunConnection } from "./types";
import type { Connection as ConnectionRow, SyncRun as SyncRunRow } from "../db";

@Resolver(() => SyncRun)
export class SyncResolver {
  @Query(() => SyncRunConnection, { description: "Newest first" })
  syncRuns(
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<Page<SyncRunRow>> {
    return listSyncRuns(ctx.prisma, requireTenant(ctx.auth), connectionId, page);
  }

  @FieldResolver(() => Connection)
  async connection(@Root() run: SyncRunRow, @Ctx() ctx: IntegrationsContext): Promise<ConnectionRow> {
    return (await ctx.loaders.connectionById.load(run.connectionId))!;
  }

  @Mutation(() => [SyncRun], {
    description: "Pushes stock differences to the named store (or every syncing one) now; returns the finished runs",
  })
  triggerSync(
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | null,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<SyncRunRow[]> {
    return triggerSync(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), connectionId);
  }

  @Mutation(() => PullOrdersResult, {
    description: "Fetches store orders created since the last pull and imports them like webhooks (never twice)",
  })
  async pullOrders(
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | null,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<PullOrdersResult> {
    return { count: await pullOrders(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), connectionId) };
  }

  @Mutation(() => [Connection], { description: "Leaves the store (or every store) out of stock syncs until resumed" })
  async pauseSync(
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | null,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow[]> {
    const auth = requireTenant(ctx.auth);
    const targets = await targetConnections(ctx.prisma, auth, connectionId);
    return ctx.prisma.$transaction((tx) => setSyncEnabled(tx, auth, targets, false));
  }

  @Mutation(() => [Connection], { description: "Includes the store (or every store) in stock syncs again" })
  async resumeSync(
    @Arg("connectionId", () => ID, { nullable: true }) connectionId: string | null,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow[]> {
    const auth = requireTenant(ctx.auth);
    const targets = await targetConnections(ctx.prisma, auth, connectionId);
    return ctx.prisma.$transaction((tx) => setSyncEnabled(tx, auth, targets, true));
  }
}
