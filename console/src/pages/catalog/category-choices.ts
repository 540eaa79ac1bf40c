import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { CategoryChoicesDocument, type CategoryChoicesQuery } from "../../generated/graphql";

const choicesContext = refetchOn("Category");

type Node = { id: string; name: string; children?: Node[] };

const flatten = (nodes: readonly Node[], path: string[] = []): { value: string; label: string }[] =>
  nodes.flatMap((node) => [
    { value: node.id, label: [...path, node.name].join(" › ") },
    ...flatten(node.children ?? [], [...path, node.name]),
  ]);

/**
 * Categories as options of a select, each named by its path ("Kitchen › Mugs"). The API lists
 * a level at a time, so three levels are read in one query: deeper ones are not offered.
 */
export function useCategoryChoices() {
  const [{ data, error }] = useQuery({ query: CategoryChoicesDocument, context: choicesContext });
  const roots: CategoryChoicesQuery["categories"] = data?.categories ?? [];
  return { options: flatten(roots), error };
}
