/**
 * What a REST client of the base document would notice in the current one. Breaking: a
 * removed path or method, a removed success answer, a removed request or response property
 * (or one no longer always answered), a removed parameter, a property or parameter that
 * became required (or a new required one), a removed enum value, a changed type, null newly
 * answered or no longer accepted. Additions (routes, optional parameters and properties,
 * answered properties, enum values) pass.
 */

type Json = Record<string, unknown>;

/** The part of an OpenAPI 3.x document the comparison reads. */
export interface ComparedDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A local `$ref` (`#/components/…`) followed, as often as it chains. */
function resolve(document: ComparedDocument, value: unknown): Json | undefined {
  let current = value;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === "string"; hops++) {
    const path = current.$ref.replace(/^#\//, "").split("/");
    current = path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  }
  return isObject(current) ? current : undefined;
}

/** Which side of the wire a schema describes: what clients send, or what they are answered. */
type Direction = "request" | "response";

/**
 * A schema without its null alternative (`anyOf: [x, {type: null}]` → x, still a `$ref` if x
 * is one), and whether it admits null (that, or `type: [x, "null"]`).
 */
function unwrapNull(document: ComparedDocument, value: unknown): { inner: unknown; nullable: boolean } {
  const schema = resolve(document, value);
  if (!schema) return { inner: value, nullable: false };
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    const nonNull = alternatives.filter((alternative) => !(isObject(alternative) && alternative.type === "null"));
    if (nonNull.length === 1 && nonNull.length < alternatives.length) {
      return { inner: nonNull[0], nullable: true };
    }
  }
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  return { inner: value, nullable: types.includes("null") || schema.nullable === true };
}

function typesOf(schema: Json): string {
  const types = (Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined])
    .filter((type): type is string => type !== undefined && type !== "null")
    .sort();
  return types.join("|");
}

class Comparison {
  readonly breaking: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly before: ComparedDocument,
    private readonly after: ComparedDocument,
  ) {}

  private refKey(value: unknown): string | undefined {
    return isObject(value) && typeof value.$ref === "string" ? value.$ref : undefined;
  }

  schemas(at: string, direction: Direction, before: unknown, after: unknown): void {
    const oldShape = unwrapNull(this.before, before);
    const newShape = unwrapNull(this.after, after);
    if (direction === "response" && newShape.nullable && !oldShape.nullable)
      this.breaking.push(`${at} may now be null`);
    if (direction === "request" && oldShape.nullable && !newShape.nullable) {
      this.breaking.push(`${at} no longer accepts null`);
    }
    // A named schema is compared once per pair and direction (recursion through types ends
    // there), and named by its own name: `Product.sku was removed`, whichever route led to it.
    const [oldRef, newRef] = [this.refKey(oldShape.inner), this.refKey(newShape.inner)];
    let where = at;
    if (oldRef && newRef) {
      const pair = `${direction} ${oldRef} ${newRef}`;
      if (this.seen.has(pair)) return;
      this.seen.add(pair);
      where = `${oldRef.split("/").pop()!}${direction === "request" ? " (input)" : ""}`;
    }
    const old = { schema: resolve(this.before, oldShape.inner) };
    const now = { schema: resolve(this.after, newShape.inner) };
    if (!old.schema || !now.schema) return;

    const [oldTypes, newTypes] = [typesOf(old.schema), typesOf(now.schema)];
    if (oldTypes !== "" && newTypes !== "" && oldTypes !== newTypes) {
      this.breaking.push(`${where} changed type from ${oldTypes} to ${newTypes}`);
      return;
    }
    if (Array.isArray(old.schema.enum) && Array.isArray(now.schema.enum)) {
      const values = new Set(now.schema.enum);
      for (const value of old.schema.enum) {
        if (value !== null && !values.has(value))
          this.breaking.push(`${where} enum value ${String(value)} was removed`);
      }
    }
    if (old.schema.items !== undefined && now.schema.items !== undefined) {
      this.schemas(`${where}[]`, direction, old.schema.items, now.schema.items);
    }
    this.properties(where, direction, old.schema, now.schema);
  }

  private properties(where: string, direction: Direction, before: Json, after: Json): void {
    const oldProperties = isObject(before.properties) ? before.properties : {};
    const newProperties = isObject(after.properties) ? after.properties : {};
    const oldRequired = new Set(Array.isArray(before.required) ? (before.required as string[]) : []);
    const newRequired = new Set(Array.isArray(after.required) ? (after.required as string[]) : []);
    const prefix = where === "" ? "" : `${where}.`;
    for (const [name, schema] of Object.entries(oldProperties)) {
      if (!(name in newProperties)) {
        this.breaking.push(`${prefix}${name} was removed`);
        continue;
      }
      if (direction === "request" && !oldRequired.has(name) && newRequired.has(name)) {
        this.breaking.push(`${prefix}${name} became required`);
      }
      if (direction === "response" && oldRequired.has(name) && !newRequired.has(name)) {
        this.breaking.push(`${prefix}${name} is no longer always answered`);
      }
      this.schemas(`${prefix}${name}`, direction, schema, newProperties[name]);
    }
    if (direction === "request") {
      for (const name of Object.keys(newProperties)) {
        if (!(name in oldProperties) && newRequired.has(name))
          this.breaking.push(`${prefix}${name} was added, required`);
      }
    }
  }

  operation(route: string, before: Json, after: Json): void {
    this.parameters(route, before, after);
    const oldBody = this.jsonSchema(this.before, before.requestBody);
    const newBody = this.jsonSchema(this.after, after.requestBody);
    const oldBodyRequired = resolve(this.before, before.requestBody)?.required === true;
    const newBodyRequired = resolve(this.after, after.requestBody)?.required === true;
    if (!oldBodyRequired && newBodyRequired) this.breaking.push(`${route}: the request body became required`);
    if (oldBody !== undefined && newBody !== undefined) {
      this.schemas(`${route}: request body`, "request", oldBody, newBody);
    } else if (oldBody !== undefined && newBody === undefined) {
      this.breaking.push(`${route}: the request body is no longer read`);
    }

    const oldResponses = isObject(before.responses) ? before.responses : {};
    const newResponses = isObject(after.responses) ? after.responses : {};
    for (const [status, response] of Object.entries(oldResponses)) {
      if (!/^2/.test(status)) continue;
      if (!(status in newResponses)) {
        this.breaking.push(`${route}: the ${status} answer was removed`);
        continue;
      }
      const oldSchema = this.jsonSchema(this.before, response);
      const newSchema = this.jsonSchema(this.after, newResponses[status]);
      if (oldSchema !== undefined && newSchema !== undefined) {
        this.schemas(`${route}: ${status} answer`, "response", oldSchema, newSchema);
      }
    }
  }

  private jsonSchema(document: ComparedDocument, holder: unknown): unknown {
    const content = resolve(document, holder)?.content;
    return isObject(content) && isObject(content["application/json"]) ? content["application/json"].schema : undefined;
  }

  private parameters(route: string, before: Json, after: Json): void {
    const list = (document: ComparedDocument, operation: Json) =>
      new Map(
        ((operation.parameters as unknown[] | undefined) ?? [])
          .map((parameter) => resolve(document, parameter))
          .filter((parameter): parameter is Json => parameter !== undefined)
          .map((parameter) => [`${String(parameter.in)} parameter ${String(parameter.name)}`, parameter]),
      );
    const oldParameters = list(this.before, before);
    const newParameters = list(this.after, after);
    for (const [key, parameter] of oldParameters) {
      const now = newParameters.get(key);
      if (!now) {
        this.breaking.push(`${route}: ${key} was removed`);
        continue;
      }
      if (parameter.required !== true && now.required === true) this.breaking.push(`${route}: ${key} became required`);
      this.schemas(`${route}: ${key}`, "request", parameter.schema, now.schema);
    }
    for (const [key, parameter] of newParameters) {
      if (!oldParameters.has(key) && parameter.required === true) {
        this.breaking.push(`${route}: ${key} was added, required`);
      }
    }
  }
}

/** The breaking changes from `before` (the base commit's document) to `after` (the code's). */
export function compareRestDocuments(before: ComparedDocument, after: ComparedDocument): string[] {
  const comparison = new Comparison(before, after);
  const newPaths = after.paths ?? {};
  for (const [path, item] of Object.entries(before.paths ?? {})) {
    const now = newPaths[path];
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const route = `${method.toUpperCase()} ${path}`;
      const current = now?.[method];
      if (!isObject(current)) {
        comparison.breaking.push(`${route} was removed`);
        continue;
      }
      comparison.operation(route, operation, current);
    }
  }
  return comparison.breaking.map((change) => `REST ${change}`);
}
