// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { ClientApp, Client, ApiKey, User, FamilyAccount, ClientSetting, AuditLogEntry, StaffApp, RefreshToken, PasswordToken, ConsoleAccount, ConsoleSession, LoginThrottle } from "../generated/client";
export { ApiKeyKind, UserRole, ConsoleAccountKind } from "../generated/client";
