export interface GraphqlResponse<Data = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data: Data | null | undefined;
  errors: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] | undefined;
  extensions?: Record<string, unknown>;
}

/**
 * Plain HTTP to the gateway, as any client would send it. Given several gateway URLs
 * (replicas), it takes turns between them, request by request, shared with every client
 * derived from it by `with`.
 */
export class GraphqlClient {
  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
    private readonly replicas: readonly string[] = [url],
    private readonly turn = { next: 0 },
  ) {}

  with(headers: Record<string, string | undefined>): GraphqlClient {
    const defined = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    return new GraphqlClient(this.url, { ...this.headers, ...defined }, this.replicas, this.turn);
  }

  async request<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResponse<Data>> {
    const url = this.replicas[this.turn.next++ % this.replicas.length]!;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Pick<GraphqlResponse<Data>, "data" | "errors" | "extensions">;
    return {
      status: response.status,
      headers: response.headers,
      data: body.data,
      errors: body.errors,
      extensions: body.extensions,
    };
  }

  /** Like request, but fails the test unless the answer is 200 without errors. */
  async data<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<Data> {
    const response = await this.request<Data>(query, variables);
    if (response.status !== 200 || response.errors || !response.data) {
      throw new Error(`Expected data, got HTTP ${response.status}: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }
}
