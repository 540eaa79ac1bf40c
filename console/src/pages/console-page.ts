import type { ComponentType } from "react";
import type { ConsoleLevel, ConsolePerson } from "../api/session";

/**
 * A page of the console and who sees it in the navigation. What a person may do is the
 * API's to decide: a page shown to a role that lacks a permission shows the API's refusal.
 */
export interface ConsolePage {
  /** Under /console; a path with parameters (`:id`) is reached by links, not the navigation. */
  path: string;
  title: string;
  levels: ConsoleLevel[];
  /** Tenant staff roles that see it in the navigation (all of them when absent). */
  roles?: string[];
  component: ComponentType;
}

/** Pages of the person's level: reachable by link or address, whatever their role. */
export const reachableBy = (page: ConsolePage, person: ConsolePerson): boolean => page.levels.includes(person.level);

/** Pages the navigation offers the person: of their level and, for tenant staff, their role. */
export const offeredTo = (page: ConsolePage, person: ConsolePerson): boolean =>
  reachableBy(page, person) &&
  !page.path.includes(":") &&
  (!page.roles || person.level !== "TENANT_STAFF" || page.roles.includes(person.role ?? ""));
