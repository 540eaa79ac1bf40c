import {
  Kind,
  OperationTypeNode,
  type ArgumentNode,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
import { LRUCache } from "lru-cache";
import type { GatewayContext } from "../context";

/**
 * Fetches an entity (product, location, order) of a subscription payload with the
 * subscriber's own sub-selection, as a query through the gateway: the subscriber can ask
 * for `order { items { product { name } } }` exactly as in a query, and the answer obeys
 * the same tenant scoping.
 */
export type QueryExecutor = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string }[] }>;

/** Objects that came back from the gateway are keyed by response name (aliases), not field name. */
const resolvedObjects = new WeakSet<object>();

function markResolved(value: unknown): void {
  if (Array.isArray(value)) value.forEach(markResolved);
  else if (value && typeof value === "object") {
    resolvedObjects.add(value);
    Object.values(value).forEach(markResolved);
  }
}

/**
 * Field resolver for subscription results: event payloads are read by field name, values
 * fetched through the gateway by response key (so aliases work).
 */
export function subscriptionFieldResolver(source: unknown, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) {
  if (!source || typeof source !== "object") return undefined;
  const record = source as Record<string, unknown>;
  return resolvedObjects.has(source) ? record[info.path.key as string] : record[info.fieldName];
}

export class EntityResolver {
  // Subscribers with the same tenant, document and variables share one fetch per event.
  private readonly inFlight = new LRUCache<string, Promise<unknown>>({ max: 5000, ttl: 30_000 });

  constructor(private readonly execute: QueryExecutor) {}

  async resolve(
    rootField: "product" | "location" | "order",
    id: string,
    eventId: string,
    info: GraphQLResolveInfo,
    context: GatewayContext,
  ): Promise<unknown> {
    const { query, variables } = entityQuery(rootField, info);
    const key = JSON.stringify([eventId, context.auth.clientId, query, variables, id]);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.execute(query, { ...variables, [entityIdName]: id }, context).then((result) => {
        if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join("; "));
        const entity = result.data?.entity ?? null;
        markResolved(entity);
        return entity;
      });
      this.inFlight.set(key, pending);
      pending.catch(() => this.inFlight.delete(key));
    }
    return pending;
  }

  /**
   * Whether the subscriber's own query would find the entity: a storefront key's `product`
   * is null for drafts and archived products, so their events are not its to see. A failed
   * check hides the event rather than risk showing it.
   */
  async isVisible(rootField: "product" | "location" | "order", id: string, context: GatewayContext): Promise<boolean> {
    const result = await this.execute(
      `query ($${entityIdName}: ID!) { entity: ${rootField}(id: $${entityIdName}) { id } }`,
      { [entityIdName]: id },
      context,
    ).catch(() => null);
    return Boolean(result?.data?.entity);
  }
}

/**
 * `query ($omniEntityId: ID!, …used variables) { entity: <rootField>(id: $omniEntityId) { …the
 * field's selection } }` plus the fragments it uses: unused ones would fail validation.
 */
function entityQuery(
  rootField: string,
  info: GraphQLResolveInfo,
): { query: string; variables: Record<string, unknown> } {
  const field = info.fieldNodes[0] as FieldNode;
  const selection: FieldNode = {
    ...field,
    alias: { kind: Kind.NAME, value: "entity" },
    name: { kind: Kind.NAME, value: rootField },
    arguments: [idArgument],
  };
  const usedVariables = new Set<string>();
  const usedFragments = new Set<string>();
  const collect = (node: unknown) =>
    visit(node as FieldNode, {
      Variable: (variable) => void usedVariables.add(variable.name.value),
      FragmentSpread: (spread) => void usedFragments.add(spread.name.value),
    });
  collect(field.selectionSet);
  const fragments: FragmentDefinitionNode[] = [];
  for (const name of usedFragments) {
    const fragment = info.fragments[name];
    if (fragment && !fragments.includes(fragment)) {
      fragments.push(fragment);
      collect(fragment);
    }
  }
  const operationVariables: readonly VariableDefinitionNode[] = info.operation.variableDefinitions ?? [];
  const variableDefinitions = operationVariables.filter((definition) =>
    usedVariables.has(definition.variable.name.value),
  );
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    name: { kind: Kind.NAME, value: "SubscriptionPayload" },
    variableDefinitions: [...variableDefinitions, entityIdVariable],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [selection],
    },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  const variables = Object.fromEntries(
    variableDefinitions.map((definition) => [
      definition.variable.name.value,
      info.variableValues[definition.variable.name.value],
    ]),
  );
  return { query: print(document), variables };
}

// Named so that it cannot clash with a variable of the subscriber's own operation.
const entityIdName = "omniEntityId";

const entityIdVariable: VariableDefinitionNode = {
  kind: Kind.VARIABLE_DEFINITION,
  variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: entityIdName } },
  type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } } },
};

const idArgument: ArgumentNode = {
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: "id" },
  value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: entityIdName } },
};
