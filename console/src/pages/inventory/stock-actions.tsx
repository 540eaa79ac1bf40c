import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, type AnyVariables, type OperationResult } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import {
  AdjustInventoryDocument,
  ReceiveBatchDocument,
  SetInventoryDocument,
  TransferInventoryDocument,
} from "../../generated/graphql";
import { useLocationOptions, type StockChoice } from "./stock-choice";

/** The four ways stock changes by hand, each for the product and location chosen above. */
export function StockActions({ choice }: { choice: StockChoice }) {
  if (!choice.productId || !choice.locationId)
    return <p className="hint">Choose a product and a location above to receive, adjust, count or move its stock.</p>;
  return (
    <div className="stock-actions">
      <ReceiveForm choice={choice} />
      <AdjustForm choice={choice} />
      <SetForm choice={choice} />
      <TransferForm choice={choice} />
    </div>
  );
}

/** One action's form: its title, its fields, and what the API said of the last attempt. */
function ActionForm(props: {
  title: string;
  submitLabel: string;
  result: { fetching: boolean; error?: Error; done: string | null };
  onSubmit: () => Promise<unknown>;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit();
  };
  return (
    <form className="stock-action" onSubmit={submit} aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.children}
      <button type="submit" disabled={props.result.fetching}>
        {props.submitLabel}
      </button>
      <p role="status">{props.result.done}</p>
      <ErrorNotice error={props.result.error} />
    </form>
  );
}

/** A mutation and the sentence that reports its success. */
function useStockMutation<Data, Variables extends AnyVariables>(
  document: Parameters<typeof useMutation<Data, Variables>>[0],
  describe: (data: Data) => string,
) {
  const [state, execute] = useMutation<Data, Variables>(document);
  const [done, setDone] = useState<string | null>(null);
  const run = async (variables: Variables): Promise<OperationResult<Data, Variables>> => {
    setDone(null);
    const result = await execute(variables);
    if (result.data) setDone(describe(result.data));
    return result;
  };
  return { result: { fetching: state.fetching, error: state.error, done }, run };
}

const onHandAfter = (level: { onHand: number; available: number; location: { code: string } }) =>
  `Now ${level.onHand} on hand, ${level.available} available at ${level.location.code}.`;

function ReceiveForm({ choice }: { choice: StockChoice }) {
  const [lotNumber, setLotNumber] = useState("");
  const [quantity, setQuantity] = useState("");
  const [expiresOn, setExpiresOn] = useState("");
  const receive = useStockMutation(
    ReceiveBatchDocument,
    ({ receiveBatch }) => `Received lot ${receiveBatch.lotNumber}: ${receiveBatch.quantity} units.`,
  );
  return (
    <ActionForm
      title="Receive a batch"
      submitLabel="Receive"
      result={receive.result}
      onSubmit={async () => {
        const result = await receive.run({
          input: {
            ...choice,
            lotNumber,
            quantity: Number(quantity),
            ...(expiresOn && { expiresAt: new Date(`${expiresOn}T00:00:00`).toISOString() }),
          },
        });
        if (result.data) {
          setLotNumber("");
          setQuantity("");
          setExpiresOn("");
        }
      }}
    >
      <Field
        label="Lot number"
        required
        maxLength={100}
        value={lotNumber}
        onChange={(e) => setLotNumber(e.target.value)}
      />
      <Field
        label="Units received"
        type="number"
        required
        min={1}
        step={1}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <Field label="Expires on" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
    </ActionForm>
  );
}

function AdjustForm({ choice }: { choice: StockChoice }) {
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState("");
  const adjust = useStockMutation(AdjustInventoryDocument, ({ adjustInventory }) => onHandAfter(adjustInventory));
  return (
    <ActionForm
      title="Adjust stock"
      submitLabel="Adjust"
      result={adjust.result}
      onSubmit={() => adjust.run({ input: { ...choice, delta: Number(delta), reason: reason || null } })}
    >
      <Field
        label="Change by"
        type="number"
        required
        step={1}
        value={delta}
        onChange={(e) => setDelta(e.target.value)}
        hint="Negative to remove units (damaged, lost)."
      />
      <Field
        label="Reason for the adjustment"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </ActionForm>
  );
}

function SetForm({ choice }: { choice: StockChoice }) {
  const [onHand, setOnHand] = useState("");
  const [reason, setReason] = useState("");
  const set = useStockMutation(SetInventoryDocument, ({ setInventory }) => onHandAfter(setInventory));
  return (
    <ActionForm
      title="Set the counted stock"
      submitLabel="Set count"
      result={set.result}
      onSubmit={() => set.run({ input: { ...choice, onHand: Number(onHand), reason: reason || null } })}
    >
      <Field
        label="Counted on hand"
        type="number"
        required
        min={0}
        step={1}
        value={onHand}
        onChange={(e) => setOnHand(e.target.value)}
      />
      <Field label="Reason for the count" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
    </ActionForm>
  );
}

function TransferForm({ choice }: { choice: StockChoice }) {
  const destinations = useLocationOptions(choice.locationId);
  const [toLocationId, setToLocationId] = useState("");
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const transfer = useStockMutation(TransferInventoryDocument, ({ transferInventory }) =>
    transferInventory.map(onHandAfter).join(" "),
  );
  const chosen = toLocationId || destinations[0]?.value || "";
  return (
    <ActionForm
      title="Transfer to another location"
      submitLabel="Transfer"
      result={transfer.result}
      onSubmit={() =>
        transfer.run({
          input: {
            productId: choice.productId,
            fromLocationId: choice.locationId,
            toLocationId: chosen,
            quantity: Number(quantity),
            reason: reason || null,
          },
        })
      }
    >
      <SelectField
        label="To location"
        required
        options={destinations.length ? destinations : [{ value: "", label: "No other location" }]}
        value={chosen}
        onChange={(e) => setToLocationId(e.target.value)}
      />
      <Field
        label="Units to move"
        type="number"
        required
        min={1}
        step={1}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <Field
        label="Reason for the transfer"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </ActionForm>
  );
}
