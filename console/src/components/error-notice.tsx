import type { CombinedError } from "urql";
import { ApiError } from "../api/session";

interface Shown {
  message: string;
  code?: string;
  detail?: string;
}

/** Details a person can act on: the permission a refusal names, the field input failed on. */
function detailOf(extensions: Record<string, unknown> | undefined): string | undefined {
  if (!extensions) return undefined;
  const parts: string[] = [];
  if (typeof extensions.requiredPermission === "string")
    parts.push(`needs permission ${extensions.requiredPermission}`);
  if (typeof extensions.argument === "string") parts.push(`field ${extensions.argument}`);
  if (typeof extensions.retryAfter === "number") parts.push(`retry in ${extensions.retryAfter}s`);
  return parts.length ? parts.join(", ") : undefined;
}

function shownOf(error: CombinedError | Error): Shown[] {
  if ("graphQLErrors" in error && (error.graphQLErrors.length || error.networkError)) {
    const shown: Shown[] = error.graphQLErrors.map((graphQLError) => ({
      message: graphQLError.message,
      code: typeof graphQLError.extensions?.code === "string" ? graphQLError.extensions.code : undefined,
      detail: detailOf(graphQLError.extensions),
    }));
    if (error.networkError) shown.push({ message: `The gateway cannot be reached: ${error.networkError.message}` });
    return shown;
  }
  if (error instanceof ApiError) return [{ message: error.message, code: error.code, detail: detailOf(error.details) }];
  return [{ message: error.message }];
}

/** Every error the API returns, in its own words, announced to screen readers. */
export function ErrorNotice({ error }: { error: CombinedError | Error | null | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="error-notice">
      {shownOf(error).map((shown, index) => (
        <p key={index}>
          {shown.message}
          {shown.code && <code className="error-code">{shown.code}</code>}
          {shown.detail && <span className="error-detail"> ({shown.detail})</span>}
        </p>
      ))}
    </div>
  );
}
