import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";

/**
 * Given a certificate and key, the gateway itself serves HTTPS and WSS with TLS 1.3 only.
 * The certificate is a throwaway self-signed one for 127.0.0.1, made by openssl.
 */
const openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].find((candidate) => existsSync(candidate));
const withOpenssl = openssl ? describe : describe.skip;

withOpenssl("TLS (openssl makes a self-signed certificate)", () => {
  let stack: TestStack;
  let ca: Buffer;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omni-tls-"));
    const certFile = path.join(dir, "cert.pem");
    const keyFile = path.join(dir, "key.pem");
    execFileSync(
      openssl!,
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ],
      { stdio: "ignore" },
    );
    ca = readFileSync(certFile);
    stack = await startStack({ config: { tls: { certFile, keyFile } } });
  });
  afterAll(() => stack.stop());

  function post(
    body: unknown,
    options: https.RequestOptions = {},
  ): Promise<{ status: number; body: string; protocol: string }> {
    const url = new URL(stack.gateway.url);
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        { method: "POST", ca, headers: { "content-type": "application/json" }, ...options },
        (response) => {
          const protocol = (response.socket as tls.TLSSocket).getProtocol() ?? "";
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text, protocol }));
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify(body));
    });
  }

  test("queries are served over HTTPS with TLS 1.3", async () => {
    expect(stack.gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const response = await post({ query: "{ __typename }" });
    expect(response).toMatchObject({ status: 200, protocol: "TLSv1.3" });
    expect(JSON.parse(response.body)).toMatchObject({ data: { __typename: "Query" } });
  });

  test("a client limited to TLS 1.2 is refused", async () => {
    await expect(post({ query: "{ __typename }" }, { maxVersion: "TLSv1.2" })).rejects.toThrow(
      /protocol|version|alert/i,
    );
  });

  test("subscriptions work over WSS", async () => {
    // Set-up over plain HTTP through a second gateway on the same database.
    const plain = await startStack({ database: stack.database, dispatcher: false });
    const tenant = await createTenant(plain.http);
    await plain.stop();
    const client = createClient({
      url: stack.gateway.url.replace(/^https/, "wss"),
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { ca });
        }
      },
      connectionParams: { "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey },
      retryAttempts: 0,
    });
    const acknowledged = await new Promise<boolean>((resolve) => {
      client.on("connected", () => resolve(true));
      client.on("closed", () => resolve(false));
      void client.subscribe(
        { query: "subscription { stockChanged { onHand } }" },
        {
          next: () => undefined,
          error: () => resolve(false),
          complete: () => undefined,
        },
      );
    });
    expect(acknowledged).toBe(true);
    await client.dispose();
  });
});
