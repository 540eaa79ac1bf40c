import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import {
  ArchiveProductDocument,
  PublishProductDocument,
  RestoreProductDocument,
  UnpublishProductDocument,
  type ProductStatus,
} from "../../generated/graphql";

type Move = "publish" | "unpublish" | "archive" | "restore";

/** The moves the API allows from each status (subgraphs/catalog's product-state). */
const movesFrom: Record<ProductStatus, Move[]> = {
  DRAFT: ["publish"],
  PUBLISHED: ["unpublish", "archive"],
  ARCHIVED: ["restore"],
};

const labels: Record<Move, string> = {
  publish: "Publish",
  unpublish: "Unpublish",
  archive: "Archive",
  restore: "Restore to draft",
};

/** The status flow of one product: a button for each move its status allows. */
export function ProductMoves({ product }: { product: { id: string; name: string; status: ProductStatus } }) {
  const [published, publish] = useMutation(PublishProductDocument);
  const [unpublished, unpublish] = useMutation(UnpublishProductDocument);
  const [archived, archive] = useMutation(ArchiveProductDocument);
  const [restored, restore] = useMutation(RestoreProductDocument);
  const run: Record<Move, () => unknown> = {
    publish: () => publish({ id: product.id }),
    unpublish: () => unpublish({ id: product.id }),
    archive: () => archive({ id: product.id }),
    restore: () => restore({ id: product.id }),
  };
  const busy = published.fetching || unpublished.fetching || archived.fetching || restored.fetching;
  return (
    <>
      <div className="button-row">
        {movesFrom[product.status].map((move) => (
          <button
            key={move}
            type="button"
            className={move === "archive" ? "danger" : move === "publish" ? undefined : "secondary"}
            aria-label={`${labels[move]} ${product.name}`}
            disabled={busy}
            onClick={() => void run[move]()}
          >
            {labels[move]}
          </button>
        ))}
      </div>
      <ErrorNotice error={published.error ?? unpublished.error ?? archived.error ?? restored.error} />
    </>
  );
}
