import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { CategoryChoicesDocument, CategorySearchDocument } from "../../generated/graphql";

const choicesContext = refetchOn("Category");

/** Typing pauses this long before the API is asked: one search per word, not per key. */
const searchDelayMs = 250;

interface Choice {
  value: string;
  label: string;
}

/** A level of the tree as read; a node with no name is one below the levels the choices show. */
type TreeNode = { id: string; name?: string; children?: readonly TreeNode[] };

const flatten = (nodes: readonly TreeNode[], path: string[] = []): Choice[] =>
  nodes.flatMap((node) =>
    node.name === undefined
      ? []
      : [
          { value: node.id, label: [...path, node.name].join(" › ") },
          ...flatten(node.children ?? [], [...path, node.name]),
        ],
  );

const goesDeeper = (nodes: readonly TreeNode[]): boolean =>
  nodes.some((node) => node.name === undefined || goesDeeper(node.children ?? []));

type Ancestor = { name: string; parent?: Ancestor | { id: string } | null } | { id: string };

/** "Home › Kitchen › Mugs", with "… ›" when the ancestors read stop short of the root. */
function pathOf(name: string, parent: Ancestor | null | undefined): string {
  const names = [name];
  let above = parent;
  while (above && "name" in above) {
    names.unshift(above.name);
    above = above.parent;
  }
  if (above) names.unshift("…");
  return names.join(" › ");
}

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), searchDelayMs);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * Choosing a category: a select of the tree's first three levels (the first 100 top-level
 * categories), and a search by name that puts the categories of any depth it finds in the
 * select instead, each named by its path. The chosen one stays an option whatever is listed.
 */
export function CategorySelect(props: {
  label: string;
  /** The option for no category ("No category", "Any category"). */
  emptyLabel: string;
  value: string;
  onChange: (categoryId: string) => void;
  /** The category the record is in now, named while the choices have not listed it. */
  current?: { id: string; name: string } | null;
}) {
  const [text, setText] = useState("");
  const search = useDebounced(text.trim());
  const [tree] = useQuery({ query: CategoryChoicesDocument, context: choicesContext });
  const [found] = useQuery({
    query: CategorySearchDocument,
    variables: { search },
    pause: !search,
    context: choicesContext,
  });
  const [chosen, setChosen] = useState<Choice | null>(
    props.current ? { value: props.current.id, label: props.current.name } : null,
  );

  const roots = tree.data?.categoriesConnection.edges.map(({ node }) => node) ?? [];
  const matches = found.data?.categoriesConnection;
  const listed: Choice[] = search
    ? (matches?.edges.map(({ node }) => ({ value: node.id, label: pathOf(node.name, node.parent) })) ?? [])
    : flatten(roots);
  const kept = chosen && chosen.value === props.value && !listed.some((choice) => choice.value === chosen.value);
  const options = [{ value: "", label: props.emptyLabel }, ...(kept ? [chosen] : []), ...listed];

  let hint: string | undefined;
  if (search && matches) {
    const more = matches.totalCount - matches.edges.length;
    if (matches.totalCount === 0) hint = `No category's name contains “${search}”.`;
    else if (more > 0) hint = `${more} more match: type more of the name.`;
  } else if (!search && tree.data) {
    const beyond = tree.data.categoriesConnection.totalCount - roots.length;
    if (beyond > 0 || goesDeeper(roots)) hint = "Not every category is listed: find the others by name.";
  }

  return (
    <>
      <Field
        label={`${props.label}: find by name`}
        type="search"
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.target.value)}
        // The box sits inside the product's form: Enter there means "find", never "save".
        onKeyDown={(e) => {
          if (e.key === "Enter") e.preventDefault();
        }}
        hint={hint}
      />
      <SelectField
        label={props.label}
        options={options}
        value={props.value}
        onChange={(e) => {
          const picked = options.find((option) => option.value === e.target.value);
          setChosen(picked && picked.value ? picked : null);
          props.onChange(e.target.value);
        }}
      />
      <ErrorNotice error={tree.error ?? found.error} />
    </>
  );
}
