import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { consoleRoutes } from "../../gateway/src/http/console";
import { buildConsole } from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  origin = stack.gateway.url.replace(/\/graphql$/, "");
});
afterAll(() => stack.stop());

const get = (pathAndQuery: string, init?: RequestInit) =>
  fetch(`${origin}${pathAndQuery}`, { redirect: "manual", ...init });

test("the console's page is served at /console/ and for every route under it, never cached, with its own CSP", async () => {
  for (const route of ["/console/", "/console/orders", "/console/products/4b1c/edit?tab=2"]) {
    const response = await get(route);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('<div id="root">');
  }
  // The API keeps its own strict policy.
  const api = await get("/health");
  expect(api.headers.get("content-security-policy")).toContain("default-src 'none'");
});

test("hashed assets are cached for good; a missing one is a 404, never the page", async () => {
  const html = await (await get("/console/")).text();
  const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const asset = await get(script);
  expect(asset.status).toBe(200);
  expect(asset.headers.get("content-type")).toMatch(/javascript/);
  expect(asset.headers.get("cache-control")).toContain("immutable");
  const missing = await get("/console/assets/nothing-here.js");
  expect(missing.status).toBe(404);
  expect(await missing.text()).not.toContain('<div id="root">');
});

test("the root and /console lead to /console/", async () => {
  expect((await get("/")).headers.get("location")).toBe("/console/");
  const bare = await get("/console");
  expect(bare.status).toBe(301);
  expect(bare.headers.get("location")).toBe("/console/");
});

test("hostile paths never reach a file outside the build", async () => {
  for (const route of [
    "/console/assets/..%2f..%2f..%2fpackage.json",
    "/console/assets/%2e%2e/%2e%2e/%2e%2e/package.json",
    "/console/assets/..%5c..%5cpackage.json",
    "/console/assets/%00.js",
    `/console/assets/${"a".repeat(4000)}.js`,
  ]) {
    const response = await get(route);
    expect([400, 403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('"name": "omnistack-gateway"');
  }
  // Under /console/ but outside assets, any path is a browser route: the page, nothing else.
  const traversal = await get("/console/..%2f..%2fpackage.json");
  expect(await traversal.text()).not.toContain('"name": "omnistack-gateway"');
  // Writes are not served there.
  expect((await get("/console/", { method: "POST", body: "x" })).status).toBe(404);
});

test("a gateway without a build says how to make one (503), instead of a blank page", async () => {
  const empty = mkdtempSync(path.join(tmpdir(), "omni-console-"));
  const app = express().use(consoleRoutes(empty));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/console/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run console:build");
  } finally {
    server.close();
    rmSync(empty, { recursive: true });
  }
});
