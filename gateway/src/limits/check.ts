import { Lexer, Source, TokenKind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { OperationLimits } from "../../../subgraphs/core/src/config";
import { AppError } from "../../../subgraphs/core/src/errors";
import { inputDepth } from "./input-depth";
import { measureOperation, type OperationMeasure } from "./operation-analysis";

export type LimitName = "depth" | "aliases" | "rootFields" | "tokens" | "listSize" | "cost" | "bodySize" | "inputDepth";

const describe: Record<LimitName, string> = {
  depth: "Query depth",
  aliases: "Number of aliases",
  rootFields: "Number of root fields",
  tokens: "Number of tokens",
  listSize: "Requested list size",
  cost: "Query cost",
  bodySize: "Request body size in bytes",
  inputDepth: "Nesting depth of input values",
};

/** QUERY_TOO_COMPLEX, saying which limit, the figure the request reached and the one allowed. */
export function tooComplex(limit: LimitName, computed: number, allowed: number): AppError {
  return new AppError("QUERY_TOO_COMPLEX", `${describe[limit]} ${computed} exceeds the limit of ${allowed}`, {
    limit,
    computed,
    allowed,
  });
}

/**
 * Refuses a document with more tokens than allowed, before it is parsed: parsing is the
 * costly step an oversized document is meant to buy. Counting stops at the first token
 * past the limit, so the figure reported is the limit plus one.
 */
export function enforceTokenLimit(source: string, limits: OperationLimits): void {
  // Every token takes at least one character: a short document cannot be over the limit.
  if (source.length <= limits.maxTokens) return;
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > limits.maxTokens) throw tooComplex("tokens", tokens, limits.maxTokens);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A lexical error: the parser reports it, in GraphQL's own words.
  }
}

/**
 * Measures a validated operation and refuses it at the first limit it exceeds. It must run
 * before @apollo/gateway plans the operation (in its executor), which is what nested input
 * values make slow.
 */
export function enforceOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  limits: OperationLimits,
): OperationMeasure {
  const nesting = inputDepth(document, variables);
  if (nesting > limits.maxInputDepth) throw tooComplex("inputDepth", nesting, limits.maxInputDepth);
  // A list argument without a size is priced as the largest one allowed.
  const measure = measureOperation(schema, document, operation, variables, limits.maxListSize);
  const checks: [LimitName, number, number][] = [
    ["rootFields", measure.rootFields, limits.maxRootFields],
    ["aliases", measure.aliases, limits.maxAliases],
    ["depth", measure.depth, limits.maxDepth],
    ["listSize", measure.largestList, limits.maxListSize],
    ["cost", measure.cost, limits.maxCost],
  ];
  for (const [limit, computed, allowed] of checks) if (computed > allowed) throw tooComplex(limit, computed, allowed);
  return measure;
}
