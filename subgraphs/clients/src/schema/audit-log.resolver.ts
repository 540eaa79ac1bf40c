import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import { listAuditLog } from "../services/audit-log";
import { AuditLogEntry, AuditLogEntryConnection, AuditLogFilter } from "./audit-log.types";
import type { AuditLogEntry as AuditLogEntryRow } from "../db";

@Resolver(() => AuditLogEntry)
export class AuditLogResolver {
  @Query(() => AuditLogEntryConnection, { description: "The calling client's audit log, newest first" })
  auditLog(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<Connection<AuditLogEntryRow>> {
    return listAuditLog(ctx.prisma, requireTenant(ctx.auth), page, filter);
  }
}
