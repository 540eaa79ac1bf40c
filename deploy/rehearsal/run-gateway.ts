import { once } from "node:events";
import { createServer } from "node:net";
import { launch, LaunchError, type LaunchedProcess } from "../../gateway/src/process/launcher";
import { answers200, type Readiness } from "../../gateway/src/process/readiness";
import { describeCommand, hostPath, runCommand, type BuiltStage } from "./build-stages";
import { RehearsalError } from "./rehearsal-error";

export interface RunOptions {
  baseEnv: Record<string, string>;
  log: (line: string) => void;
}

/** What `npm start` prints for a developer's first call (gateway/src/main.ts). */
interface DemoKeys {
  platformKey: string;
  clientKey: string;
  adminKey: string;
}

// A container has a network of its own; here the port must be one nobody else holds.
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

function demoKeys(output: string): DemoKeys | undefined {
  const key = (label: string) => new RegExp(`^\\s*${label}:\\s+(\\S+)$`, "m").exec(output)?.[1];
  const [platformKey, clientKey, adminKey] = [key("x-api-key"), key("client-x-api-key"), key("x-admin-key")];
  return platformKey && clientKey && adminKey ? { platformKey, clientKey, adminKey } : undefined;
}

async function graphql(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
  return { status: response.status, body };
}

function check(passed: boolean, what: string, detail: unknown, log: (line: string) => void): void {
  if (!passed) throw new RehearsalError("CHECK_FAILED", `${what}: ${JSON.stringify(detail)}`);
  log(`  ok: ${what}`);
}

/** /ready answering 200 and the banner's demo keys printed: what a user waits for. */
function serving(origin: string): Readiness<DemoKeys> {
  const ready = answers200(`${origin}/ready`);
  return {
    description: `${ready.description} and the demo keys printed`,
    recheck: "interval",
    async check(output) {
      const keys = demoKeys(output);
      return keys && (await ready.check(output)) ? keys : undefined;
    },
  };
}

/** Everything a user of the image would try first, against the started command. */
async function checkServing(
  runtime: BuiltStage,
  env: Record<string, string>,
  origin: string,
  keys: DemoKeys,
  options: RunOptions,
) {
  const { log } = options;
  const url = `${origin}/graphql`;
  const ready = await fetch(`${origin}/ready`);
  check(ready.status === 200, "GET /ready answers 200", ready.status, log);

  if (runtime.healthcheck) {
    const code = await runCommand(runtime.healthcheck, hostPath(runtime, "."), env);
    check(code === 0, `HEALTHCHECK ${describeCommand(runtime.healthcheck)} exits 0`, code, log);
  }

  const tenant = { "x-api-key": keys.platformKey, "client-x-api-key": keys.clientKey };
  const me = await graphql(url, "{ me { client { id name } clientApp { id name } } }", tenant);
  const identity = me.body.data?.me as { client?: { id?: string }; clientApp?: { id?: string } } | undefined;
  check(
    me.status === 200 && !me.body.errors && Boolean(identity?.client?.id && identity.clientApp?.id),
    "the printed x-api-key and client-x-api-key identify the demo tenant",
    me,
    log,
  );

  const anonymous = await graphql(url, "{ me { client { id } } }");
  check(anonymous.status === 401, "without keys the gateway answers 401", anonymous, log);

  const created = await graphql(url, 'mutation { createClientApp(input: { name: "Rehearsal" }) { apiKey } }', {
    "x-admin-key": keys.adminKey,
  });
  const platformKey = (created.body.data?.createClientApp as { apiKey?: string } | undefined)?.apiKey;
  check(
    !created.body.errors && Boolean(platformKey?.startsWith("pk_")),
    "the printed x-admin-key creates a platform",
    created,
    log,
  );

  // The image carries the console's build: its page and the script it names are served.
  const consolePage = await fetch(url.replace(/\/graphql$/, "/console/"));
  const html = await consolePage.text();
  const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const scriptStatus = script ? (await fetch(new URL(script, url))).status : undefined;
  check(
    consolePage.status === 200 && scriptStatus === 200,
    "GET /console/ serves the console and its script",
    { page: consolePage.status, script, scriptStatus },
    log,
  );

  // REST answers with the same keys, and its reference page's script (from swagger-ui-dist,
  // a runtime dependency the prune must keep) is in the image.
  const restMe = await fetch(`${origin}/api/v1/me`, { headers: tenant });
  const docs = await fetch(`${origin}/api/v1/docs`);
  const docsScript = /src="(\/api\/v1\/docs\/assets\/swagger-ui-[^"]+\.js)"/.exec(await docs.text())?.[1];
  const docsScriptStatus = docsScript ? (await fetch(new URL(docsScript, url))).status : undefined;
  check(
    restMe.status === 200 && docs.status === 200 && docsScriptStatus === 200,
    "GET /api/v1/me answers with the printed keys; /api/v1/docs and its Swagger UI script are served",
    { me: restMe.status, docs: docs.status, docsScript, docsScriptStatus },
    log,
  );

  // Production mode is what the image's ENV promises: introspection is off there.
  const introspection = await graphql(url, "{ __schema { queryType { name } } }", tenant);
  check(
    env.NODE_ENV !== "production" || Boolean(introspection.body.errors?.length),
    `NODE_ENV=${env.NODE_ENV ?? ""}: introspection is refused in production`,
    introspection,
    log,
  );
}

async function stopGracefully(command: LaunchedProcess, log: (line: string) => void): Promise<void> {
  // `docker stop` sends SIGTERM to the command; the gateway drains and exits 0.
  const exit = await command.stop({ graceMs: 30_000 });
  check(exit.code === 0, "SIGTERM stops the command with exit code 0", exit, log);
  // Whether any process of the command's group (npm, a shell, node) is still there.
  check(!command.signalGroup(0), "nothing the command started outlives it", command.pid, log);
}

/** Starts the last stage's CMD in its WORKDIR with its ENV, as `docker run` would, and checks it serves. */
export async function rehearseCommand(runtime: BuiltStage, options: RunOptions): Promise<void> {
  const { log } = options;
  if (!runtime.cmd) throw new RehearsalError("CHECK_FAILED", `stage ${runtime.name} has no CMD`);
  const declaredPort = Number(runtime.env.PORT);
  if (runtime.exposed.length > 0 && !runtime.exposed.includes(declaredPort)) {
    throw new RehearsalError(
      "CHECK_FAILED",
      `ENV PORT=${runtime.env.PORT} is not among EXPOSE ${runtime.exposed.join(" ")}`,
    );
  }
  const port = await freePort();
  const env = { ...options.baseEnv, ...runtime.env, PORT: String(port) };
  log(
    `CMD ${describeCommand(runtime.cmd)} in ${runtime.workdir} with ENV ${Object.entries(runtime.env)
      .map(([name, value]) => `${name}=${value}`)
      .join(" ")} (PORT=${port} instead of ${runtime.env.PORT ?? "unset"})`,
  );
  const [program, ...args] = runtime.cmd.form === "exec" ? runtime.cmd.argv : ["/bin/sh", "-c", runtime.cmd.script];
  // A process group of its own, so that whatever npm started goes with it if a check fails.
  const command = launch({
    name: "the command",
    command: program!,
    args,
    cwd: hostPath(runtime, "."),
    env,
    ownProcessGroup: true,
  });
  const endGroup = () => command.signalGroup("SIGKILL");
  process.once("exit", endGroup);
  try {
    const origin = `http://127.0.0.1:${port}`;
    const keys = await command.ready(serving(origin), 120_000).catch((error: unknown) => {
      throw error instanceof LaunchError ? new RehearsalError("NOT_READY", error.message) : error;
    });
    log(
      command
        .output()
        .split("\n")
        .find((line) => line.includes("OmniStack Gateway ready")) ?? "serving",
    );
    await checkServing(runtime, env, origin, keys, options);
    await stopGracefully(command, log);
  } catch (error) {
    if (error instanceof RehearsalError && error.code === "CHECK_FAILED")
      log(`output of the command:\n${command.output()}`);
    throw error;
  } finally {
    endGroup();
    process.removeListener("exit", endGroup);
  }
}
