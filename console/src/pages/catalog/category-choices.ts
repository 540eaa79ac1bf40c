import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { CategoryChoicesDocument } from "../../generated/graphql";

const choicesContext = refetchOn("Category");

type Node = { id: string; name: string; children?: Node[] };

const flatten = (nodes: readonly Node[], path: string[] = []): { value: string; label: string }[] =>
  nodes.flatMap((node) => [
    { value: node.id, label: [...path, node.name].join(" › ") },
    ...flatten(node.children ?? [], [...path, node.name]),
  ]);

/**
 * Categories as options of a select, each named by its path ("Kitchen › Mugs"). The API lists
 * a level at a time, so three levels are read in one query: deeper ones are not offered, nor
 * top-level categories past the first 100 (`beyond` says how many are left out).
 */
export function useCategoryChoices() {
  const [{ data, error }] = useQuery({ query: CategoryChoicesDocument, context: choicesContext });
  const roots = data?.categoriesConnection.edges.map(({ node }) => node) ?? [];
  const beyond = (data?.categoriesConnection.totalCount ?? 0) - roots.length;
  return { options: flatten(roots), beyond, error };
}

/** Said beside a category select when it could not offer every top-level category. */
export const partialChoicesHint = (beyond: number): string =>
  `${beyond} more top-level ${beyond === 1 ? "category is" : "categories are"} not offered here.`;
