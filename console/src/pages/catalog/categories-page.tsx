import { useId, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { Pager, usePaging } from "../../components/pager";
import {
  CategoriesDocument,
  CreateCategoryDocument,
  DeleteCategoryDocument,
  RenameCategoryDocument,
  type CategoriesQuery,
} from "../../generated/graphql";
import { slugOf } from "./slug";

const categoriesContext = refetchOn("Category");

type CategoryNode = CategoriesQuery["categoriesConnection"]["edges"][number]["node"];

/** The tenant's categories as a tree: each level is fetched when it is opened, a page at a time. */
export function CategoriesPage() {
  return (
    <>
      <h1>Categories</h1>
      <CategoryForm parent={null} />
      <h2 id="category-tree">Category tree</h2>
      <CategoryBranch parentId={null} labelledBy="category-tree" />
    </>
  );
}

function CategoryBranch({ parentId, labelledBy }: { parentId: string | null; labelledBy: string }) {
  const paging = usePaging(50);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CategoriesDocument,
    variables: { parentId, ...paging.variables },
    context: categoriesContext,
  });
  const level = data?.categoriesConnection;
  return (
    <>
      <ErrorNotice error={error} />
      <ul className="category-tree" aria-labelledby={labelledBy} aria-busy={fetching}>
        {level?.edges.map(({ node }) => (
          <CategoryItem key={node.id} category={node} onDeleted={() => refetch({ requestPolicy: "network-only" })} />
        ))}
        {level?.totalCount === 0 && <li className="hint">{parentId ? "No subcategories." : "No categories yet."}</li>}
      </ul>
      {level && (level.pageInfo.hasNextPage || paging.page > 1) && (
        <Pager
          paging={paging}
          pageInfo={level.pageInfo}
          totalCount={level.totalCount}
          label={parentId ? "Subcategory" : "Category"}
        />
      )}
    </>
  );
}

function CategoryItem({ category, onDeleted }: { category: CategoryNode; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(category.name);
  const [renamed, rename] = useMutation(RenameCategoryDocument);
  const [deleted, remove] = useMutation(DeleteCategoryDocument);
  const nameId = useId();
  const childCount = category.children.length;

  const submitRename = async (event: FormEvent) => {
    event.preventDefault();
    const result = await rename({ id: category.id, name });
    if (result.data) setRenaming(false);
  };
  return (
    <li>
      <div className="category-row">
        {childCount > 0 ? (
          <button
            type="button"
            className="secondary toggle"
            aria-expanded={open}
            aria-label={`${open ? "Collapse" : "Expand"} ${category.name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? "−" : "+"}
          </button>
        ) : (
          <span className="toggle" aria-hidden="true" />
        )}
        <span id={nameId} className="category-name">
          {category.name}
        </span>
        <code className="hint">{category.slug}</code>
        {childCount > 0 && <span className="hint">{childCount} subcategories</span>}
        <span className="button-row">
          <button
            type="button"
            className="secondary"
            aria-label={`Add a subcategory to ${category.name}`}
            aria-expanded={adding}
            onClick={() => setAdding(!adding)}
          >
            Add subcategory
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={`Rename ${category.name}`}
            aria-expanded={renaming}
            onClick={() => setRenaming(!renaming)}
          >
            Rename
          </button>
          <button
            type="button"
            className="danger"
            aria-label={`Delete ${category.name}`}
            onClick={async () => {
              if (!confirm(`Delete the category ${category.name}?`)) return;
              const result = await remove({ id: category.id });
              if (result.data) onDeleted();
            }}
          >
            Delete
          </button>
        </span>
      </div>
      <ErrorNotice error={renamed.error ?? deleted.error} />
      {renaming && (
        <form className="inline" onSubmit={submitRename} aria-label={`Rename ${category.name}`}>
          <Field label="New name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" disabled={renamed.fetching}>
            Save name
          </button>
        </form>
      )}
      {adding && (
        <CategoryForm
          parent={category}
          onCreated={() => {
            setAdding(false);
            setOpen(true);
          }}
        />
      )}
      {open && <CategoryBranch parentId={category.id} labelledBy={nameId} />}
    </li>
  );
}

/** A new category at the root, or under `parent`; the slug is proposed from the name. */
function CategoryForm({ parent, onCreated }: { parent: { id: string; name: string } | null; onCreated?: () => void }) {
  const [created, create] = useMutation(CreateCategoryDocument);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const where = parent ? `in ${parent.name}` : "at the top level";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { name, slug: slug || slugOf(name), parentId: parent?.id ?? null } });
    if (result.data) {
      setName("");
      setSlug("");
      onCreated?.();
    }
  };
  return (
    <>
      <form className="inline" onSubmit={submit} aria-label={`New category ${where}`}>
        <Field
          label={parent ? `Subcategory of ${parent.name}` : "Category name"}
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="Slug"
          value={slug}
          placeholder={slugOf(name)}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          onChange={(e) => setSlug(e.target.value)}
          hint="Used in shop URLs; proposed from the name when left empty."
        />
        <button type="submit" disabled={created.fetching}>
          {parent ? "Add subcategory" : "Create category"}
        </button>
      </form>
      <ErrorNotice error={created.error} />
    </>
  );
}
