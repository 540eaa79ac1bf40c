import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { costRules, isFreeType } from "./cost-rules";

/** The figures the operation limits are checked against, known before anything runs. */
export interface OperationMeasure {
  /** Deepest field nesting, introspection excluded. */
  depth: number;
  aliases: number;
  rootFields: number;
  /** Largest `first`/`last` asked for anywhere; 0 without any. */
  largestList: number;
  /** Static cost (see cost-rules.ts). */
  cost: number;
}

type Variables = Readonly<Record<string, unknown>> | undefined;

interface Summary {
  depth: number;
  aliases: number;
  fields: number;
  largestList: number;
  cost: number;
  /** The part of `cost` from list fields directly in this selection: what a connection multiplies. */
  listCost: number;
}

const empty: Summary = { depth: 0, aliases: 0, fields: 0, largestList: 0, cost: 0, listCost: 0 };
const introspectionFields = new Set(["__schema", "__type"]);

function add(a: Summary, b: Summary): Summary {
  return {
    depth: Math.max(a.depth, b.depth),
    aliases: a.aliases + b.aliases,
    fields: a.fields + b.fields,
    largestList: Math.max(a.largestList, b.largestList),
    cost: a.cost + b.cost,
    listCost: a.listCost + b.listCost,
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/** Meta fields are not in `getFields()`; everything else is, once the document is validated. */
function fieldDefinition(parent: GraphQLCompositeType, node: FieldNode, schema: GraphQLSchema) {
  const name = node.name.value;
  if (name === "__typename") return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === "__schema") return SchemaMetaFieldDef;
    if (name === "__type") return TypeMetaFieldDef;
  }
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

/** What pricing a field of a document needs of the schema, whatever the variables. */
interface FieldFacts {
  definition: GraphQLField<unknown, unknown>;
  own: number;
  onMutation: boolean;
  type: GraphQLCompositeType;
  /** Whether the field takes a page size: its items are then summed, not the costliest taken. */
  sized: boolean;
}

/**
 * Per schema, per field node. Apollo Server hands every request of the same text the same
 * parsed document, so each field is looked up once, not once per request and per object of
 * the response (a page of 50 orders repeats each field 50 times). A field node always has
 * the same parent type: its selection set's, or its fragment's condition. Null: a field the
 * schema does not have (an unvalidated document), or introspection, which is free.
 */
const factsBySchema = new WeakMap<GraphQLSchema, WeakMap<FieldNode, FieldFacts | null>>();

function fieldFacts(schema: GraphQLSchema, parent: GraphQLCompositeType, node: FieldNode): FieldFacts | null {
  let facts = factsBySchema.get(schema);
  if (!facts) factsBySchema.set(schema, (facts = new WeakMap()));
  let known = facts.get(node);
  if (known === undefined) {
    const definition = fieldDefinition(parent, node, schema);
    known =
      !definition || introspectionFields.has(node.name.value)
        ? null
        : {
            definition,
            own: ownCost(schema, parent, definition),
            onMutation: parent === schema.getMutationType(),
            type: getNamedType(definition.type) as GraphQLCompositeType,
            sized: definition.args.some((argument) => costRules.sizeArguments.includes(argument.name)),
          };
    facts.set(node, known);
  }
  return known;
}

/** The field's own cost, before its selection: see cost-rules.ts. */
function ownCost(schema: GraphQLSchema, parent: GraphQLCompositeType, definition: GraphQLField<unknown, unknown>) {
  const override = costRules.fieldCosts[`${parent.name}.${definition.name}`];
  if (override !== undefined) return override;
  if (parent === schema.getMutationType()) return costRules.mutationCost;
  const type = getNamedType(definition.type);
  return isCompositeType(type) && !isFreeType(type.name) ? costRules.objectCost : 0;
}

/**
 * The size a `first`/`last` argument asks for: the literal, else the variable (or its
 * default), else the argument's default; the default page when none says; `undefined` when
 * the field takes no size.
 */
function requestedSize(
  definition: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Variables,
  operation: OperationDefinitionNode,
  unbounded: number,
): number | undefined {
  const sizeArguments = definition.args.filter((argument) => costRules.sizeArguments.includes(argument.name));
  if (sizeArguments.length === 0) return undefined;
  const asked = sizeArguments
    .map((argument) => {
      const given = node.arguments?.find((candidate) => candidate.name.value === argument.name)?.value;
      return (given && literalOrVariable(given, variables, operation)) ?? argument.defaultValue;
    })
    .filter((value) => value !== undefined && value !== null);
  if (asked.length === 0) return costRules.defaultSize;
  // Coercion has not run yet: anything but a number is priced as the largest size, and a
  // negative one as none, so that no operation can price itself below zero and refill its bucket.
  return Math.max(
    ...asked.map((value) => (typeof value === "number" && Number.isFinite(value) ? Math.max(0, value) : unbounded)),
  );
}

function literalOrVariable(value: ValueNode, variables: Variables, operation: OperationDefinitionNode): unknown {
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind !== Kind.VARIABLE) return undefined;
  const name = value.name.value;
  if (variables && variables[name] !== undefined && variables[name] !== null) return variables[name];
  const definition = operation.variableDefinitions?.find((candidate) => candidate.variable.name.value === name);
  return definition?.defaultValue?.kind === Kind.INT ? Number.parseInt(definition.defaultValue.value, 10) : undefined;
}

/**
 * Measures one operation of a validated document: depth, aliases, root fields, list sizes
 * and static cost. Each fragment is measured once however often it is spread, so a
 * document built to multiply itself through fragments costs linear time to measure.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  unboundedListSize: number,
): OperationMeasure {
  const fragments = fragmentsOf(document);
  const fragmentSummaries = new Map<string, Summary>();
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return { depth: 0, aliases: 0, rootFields: 0, largestList: 0, cost: 0 };

  const selectionSet = (set: SelectionSetNode, parent: GraphQLCompositeType): Summary => {
    let summary = empty;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) summary = add(summary, field(selection, parent));
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        summary = add(summary, selectionSet(selection.selectionSet, condition as GraphQLCompositeType));
      } else summary = add(summary, fragment(selection.name.value));
    }
    return summary;
  };

  const fragment = (name: string): Summary => {
    const cached = fragmentSummaries.get(name);
    if (cached) return cached;
    const definition = fragments.get(name);
    if (!definition) return empty;
    const condition = schema.getType(definition.typeCondition.name.value) as GraphQLCompositeType;
    // Validation has ruled out cycles; the placeholder only guards against an unvalidated document.
    fragmentSummaries.set(name, empty);
    const summary = selectionSet(definition.selectionSet, condition);
    fragmentSummaries.set(name, summary);
    return summary;
  };

  const field = (node: FieldNode, parent: GraphQLCompositeType): Summary => {
    const aliases = node.alias ? 1 : 0;
    const facts = fieldFacts(schema, parent, node);
    if (!facts) {
      const definition = fieldDefinition(parent, node, schema);
      if (!definition) return { ...empty, fields: 1, aliases, depth: 1 };
      // Introspection: free, but its aliases count.
      const type = getNamedType(definition.type) as GraphQLCompositeType;
      const children = node.selectionSet ? selectionSet(node.selectionSet, type) : empty;
      return { ...empty, fields: 1, aliases: aliases + children.aliases };
    }
    const { definition, own, type } = facts;
    const children = node.selectionSet ? selectionSet(node.selectionSet, type) : empty;
    const size = requestedSize(definition, node, variables, operation, unboundedListSize);
    const cost =
      size === undefined ? own + children.cost : own + (children.cost - children.listCost) + size * children.listCost;
    return {
      depth: 1 + children.depth,
      aliases: aliases + children.aliases,
      fields: 1,
      largestList: Math.max(size ?? 0, children.largestList),
      cost,
      listCost: isListType(getNullableType(definition.type)) ? cost : 0,
    };
  };

  const summary = selectionSet(operation.selectionSet, rootType);
  return {
    depth: summary.depth,
    aliases: summary.aliases,
    rootFields: summary.fields,
    largestList: summary.largestList,
    cost: summary.cost,
  };
}

/**
 * The cost of what was actually returned, by the same rules: a connection counts the
 * items it returned instead of the size asked for, another list its costliest item, a
 * null object nothing. Never more than `measureOperation`'s cost for the same operation.
 * Each fragment is priced once per object of the response it is spread on: a fragment
 * spreading another twice, chained 30 deep, would otherwise be walked 2^30 times.
 */
export function measureResponseCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Readonly<Record<string, unknown>> | null | undefined,
): number {
  const fragments = fragmentsOf(document);
  const fragmentCosts = new Map<object, Map<string, number>>();
  const rootType = schema.getRootType(operation.operation);
  if (!rootType || !data) return 0;
  const selectionSet = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    value: Readonly<Record<string, unknown>>,
    sumsItems: boolean,
  ): number => {
    let cost = 0;
    // Fragments count whatever their type condition: the runtime type is not in the data, and
    // the fields of a fragment that did not match are simply absent from it.
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += field(selection, parent, value, sumsItems);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += selectionSet(selection.selectionSet, condition as GraphQLCompositeType, value, sumsItems);
      } else cost += fragment(selection.name.value, value, sumsItems);
    }
    return cost;
  };

  const fragment = (name: string, value: Readonly<Record<string, unknown>>, sumsItems: boolean): number => {
    let costs = fragmentCosts.get(value);
    if (!costs) fragmentCosts.set(value, (costs = new Map()));
    // How a list below sums its items is part of the price: the same fragment, priced both ways.
    const key = `${sumsItems ? "sum" : "max"} ${name}`;
    const cached = costs.get(key);
    if (cached !== undefined) return cached;
    const definition = fragments.get(name);
    if (!definition) return 0;
    // Validation has ruled out cycles; the placeholder only guards against an unvalidated document.
    costs.set(key, 0);
    const condition = schema.getType(definition.typeCondition.name.value) as GraphQLCompositeType;
    const cost = selectionSet(definition.selectionSet, condition, value, sumsItems);
    costs.set(key, cost);
    return cost;
  };

  const field = (
    node: FieldNode,
    parent: GraphQLCompositeType,
    container: Readonly<Record<string, unknown>>,
    sumsItems: boolean,
  ): number => {
    const value = container[node.alias?.value ?? node.name.value];
    const known = value === undefined ? null : fieldFacts(schema, parent, node);
    if (!known) return 0;
    const { own, onMutation, type, sized } = known;
    // A mutation that failed still ran; an object that is not there cost nothing below it.
    if (value === null) return onMutation ? own : 0;
    if (!node.selectionSet) return own;
    const item = (entry: unknown) =>
      entry && typeof entry === "object"
        ? own + selectionSet(node.selectionSet!, type, entry as Record<string, unknown>, sized)
        : 0;
    if (!Array.isArray(value)) return item(value);
    const items = value.map(item);
    return items.reduce((total, cost) => (sumsItems ? total + cost : Math.max(total, cost)), 0);
  };

  return selectionSet(operation.selectionSet, rootType, data, false);
}
