import { Kind, visit, type DocumentNode } from "graphql";

/**
 * How deeply the input values of a request nest, lists and objects alike: a scalar is 0
 * deep, `[1]` 1, `{ a: [1] }` 2. Apollo's query planner walks every level of a list literal
 * twice, so each level doubles the time it takes to plan (30 levels: minutes, the process
 * answering nothing else meanwhile); a variable thousands of levels deep overflows the stack
 * of whatever walks it recursively next.
 *
 * Neither walk recurses (graphql's `visit` keeps its own stack too), and each visits every
 * node once: the figure of a value nested 5,000 deep is as cheap as its size.
 */
export function inputDepth(document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined): number {
  return Math.max(deepestLiteral(document), variablesDepth(variables));
}

/** The variables' part of `inputDepth`, for what reads them before the document is parsed. */
export function variablesDepth(variables: Readonly<Record<string, unknown>> | undefined): number {
  let deepest = 0;
  for (const value of Object.values(variables ?? {})) deepest = Math.max(deepest, deepestValue(value));
  return deepest;
}

/**
 * Apollo Server hands every request of the same text the same parsed document from its
 * store: its literals are measured once, not on every request.
 */
const literalDepths = new WeakMap<DocumentNode, number>();

function deepestLiteral(document: DocumentNode): number {
  let deepest = literalDepths.get(document);
  if (deepest === undefined) literalDepths.set(document, (deepest = deepestLiteralOf(document)));
  return deepest;
}

/** Literals in arguments, directive arguments and variables' default values, anywhere in the document. */
function deepestLiteralOf(document: DocumentNode): number {
  let depth = 0;
  let deepest = 0;
  const nests = {
    enter: () => void (deepest = Math.max(deepest, ++depth)),
    leave: () => void depth--,
  };
  visit(document, { [Kind.LIST]: nests, [Kind.OBJECT]: nests });
  return deepest;
}

/** A variable's value as JSON gave it: arrays and objects. */
function deepestValue(value: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object") continue;
    const depth = next.depth + 1;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}
