import type { ApolloServerPlugin } from "@apollo/server";
import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from "graphql";
import { badInput } from "../../../subgraphs/core/src/errors";
import type { GatewayContext } from "../context";

/**
 * PostgreSQL stores neither NUL (U+0000) in text nor an unpaired surrogate in jsonb: either one
 * fails the statement (22021, 22P05), and the caller would get an internal error for its own
 * input. JavaScript strings hold both, and so does JSON on the wire.
 */
const unstorable = /\0|\p{Surrogate}/u;

/** Where in the variables a string (value or object key) PostgreSQL cannot store sits, as `$input.items[0].sku`. */
export function unstorableVariable(variables: Record<string, unknown> | undefined): string | null {
  const search = (value: unknown, path: string): string | null => {
    if (typeof value === "string") return unstorable.test(value) ? path : null;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const found = search(item, `${path}[${index}]`);
        if (found) return found;
      }
      return null;
    }
    if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (unstorable.test(key)) return path;
        const found = search(item, `${path}.${key}`);
        if (found) return found;
      }
    }
    return null;
  };
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = search(value, `$${name}`);
    if (found) return found;
  }
  return null;
}

/** The argument (with the input fields below it, as `filter.search`) whose literal PostgreSQL cannot store. */
export function unstorableLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (!unstorable.test(node.value)) return undefined;
      const names: string[] = [];
      // `ancestors` stops above the parent: the innermost input field is the parent itself.
      for (const ancestor of [...ancestors, parent] as readonly (ASTNode | readonly ASTNode[] | undefined)[]) {
        if (!ancestor || !("kind" in ancestor)) continue;
        if (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD) names.push(ancestor.name.value);
        if (ancestor.kind === Kind.VARIABLE_DEFINITION) names.push(`$${ancestor.variable.name.value}`);
      }
      found = names.join(".") || "a string";
      return BREAK;
    },
  });
  return found;
}

/**
 * Refuses such text before planning, wherever it sits (a search filter, a product name, a
 * setting's JSON, an idempotency key): one check for every argument, and no subgraph or
 * database ever sees it.
 */
export const storableTextPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        // A literal holds such text only as a NUL written out or through a \u escape (the lexer
        // refuses a lone surrogate written out): most documents need no walk at all.
        const mayHold = request.query === undefined || /\0|\\u/.test(request.query);
        const where = unstorableVariable(request.variables) ?? (mayHold ? unstorableLiteral(document) : null);
        if (!where) return;
        throw badInput(`Text in ${where} must not contain NUL characters or unpaired surrogates`, {
          argument: where,
        }).toGraphQLError();
      },
    };
  },
};
