// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { OutboxEvent, JobRun } from "../generated/client";
export { Currency } from "../generated/client";
