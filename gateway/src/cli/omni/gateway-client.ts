import { CliError, exitCodes } from "./command";

export interface GatewayError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface GatewayAnswer<Data> {
  status: number;
  data: Data | null | undefined;
  errors: GatewayError[] | undefined;
}

/** The three headers the gateway authenticates by (see ARCHITECTURE.md, Auth). */
export interface GatewayKeys {
  adminKey?: string;
  platformKey?: string;
  clientKey?: string;
}

/** The public GraphQL API over HTTP, exactly as any other caller uses it. */
export class GatewayClient {
  constructor(
    readonly url: string,
    private readonly keys: GatewayKeys,
  ) {}

  with(keys: GatewayKeys): GatewayClient {
    return new GatewayClient(this.url, keys);
  }

  /** The raw answer, errors included: keys:verify reads refusals rather than failing on them. */
  async request<Data>(query: string, variables: Record<string, unknown> = {}): Promise<GatewayAnswer<Data>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.keys.adminKey) headers["x-admin-key"] = this.keys.adminKey;
    if (this.keys.platformKey) headers["x-api-key"] = this.keys.platformKey;
    if (this.keys.clientKey) headers["client-x-api-key"] = this.keys.clientKey;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(
        exitCodes.refused,
        `Cannot reach the gateway at ${this.url} (${cause}); is it running? Set --url or OMNI_URL.`,
        "UNREACHABLE",
      );
    }
    const text = await response.text();
    try {
      const body = JSON.parse(text) as { data?: Data | null; errors?: GatewayError[] };
      return { status: response.status, data: body.data, errors: body.errors };
    } catch {
      throw new CliError(
        exitCodes.refused,
        `${this.url} answered HTTP ${response.status} with something other than GraphQL JSON: is it the gateway's /graphql URL?`,
        "NOT_GRAPHQL",
      );
    }
  }

  /** The data of a successful answer; a refusal becomes a CliError naming the gateway's code. */
  async data<Data>(action: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    const answer = await this.request<Data>(query, variables);
    const error = answer.errors?.[0];
    if (error || !answer.data) {
      const code = error?.extensions?.code ?? `HTTP_${answer.status}`;
      throw new CliError(
        exitCodes.refused,
        `The gateway refused to ${action}: ${code}: ${error?.message ?? "no data"}${hintFor(code)}`,
        code,
      );
    }
    return answer.data;
  }
}

function hintFor(code: string): string {
  if (code === "UNAUTHENTICATED") return " (check the key given with --admin-key / --app-key or the environment)";
  if (code === "RATE_LIMITED") return " (try again shortly)";
  return "";
}
