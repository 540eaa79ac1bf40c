import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/**
 * A value from the query string as its GraphQL input type reads it. SOFA parses the top-level
 * parameters (`first=10`), but the fields of an object parameter (`filter[isActive]=true`,
 * parsed by qs) stay strings, which Boolean, Int and Float refuse; a single `filter[status]=X`
 * is a string where a list is asked for, and `filter[status]=A,B` a list of enum values. Anything that does not read as its type is left as
 * it came, for GraphQL to refuse with the field's name.
 */
function asInputType(type: GraphQLInputType, value: unknown): unknown {
  if (isNonNullType(type)) return asInputType(type.ofType, value);
  if (isListType(type)) {
    const itemType = type.ofType as GraphQLInputType;
    // `status=A,B`, and `status[]=A&status[]=B`, which reaches us as "A,B": enum values hold no commas.
    const given = Array.isArray(value) ? (value as unknown[]) : [value];
    const items = isEnumType(getNullableType(itemType))
      ? given.flatMap((item) => (typeof item === "string" ? item.split(",") : [item]))
      : given;
    return items.map((item) => asInputType(itemType, item));
  }
  if (isInputObjectType(type)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const fields = type.getFields();
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [
        name,
        fields[name] ? asInputType(fields[name].type, inner) : inner,
      ]),
    );
  }
  if (typeof value !== "string") return value;
  if (type.name === "Boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type.name === "Int" && /^-?\d{1,10}$/.test(value)) return Number(value);
  if (type.name === "Float" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** The operation's variables with query-string values read by their declared types. */
export function variablesFromQueryString(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const typed = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && typed[name] !== undefined) typed[name] = asInputType(type, typed[name]);
  }
  return typed;
}

/**
 * The parameters named more than once where their variable takes one value. SOFA joins a
 * repeated parameter's values with commas, which a list of enum values reads back, but a
 * single value would be searched or stored as `a,b`: those are refused instead.
 */
export function repeatedSingleValues(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  query: Record<string, unknown>,
): string[] {
  return (operation.variableDefinitions ?? []).flatMap((definition) => {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    return type && !isListType(getNullableType(type)) && Array.isArray(query[name]) ? [name] : [];
  });
}
