/**
 * What the clients module offers other modules: the audit trail every change writes to, and
 * the few facts about a tenant they need. Nothing else in this folder may be imported from outside.
 */
export { auditedAs, insertAuditSql, recordAudit, type AuditInStatement, type AuditRecord } from "./services/audit-log";
export { findActiveClientAppId, findClientAppId, findOwnClient } from "./services/clients";
