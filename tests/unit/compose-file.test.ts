import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import {
  acceptedEnvironmentVariables,
  defaultSubgraphPorts,
  loadConfig,
  subgraphNames,
  type SubgraphName,
} from "../../subgraphs/core/src/config";
import { youngGenerationArg } from "../../gateway/src/process/launcher";
import { root } from "../helpers/process";

// No Docker engine runs here: these checks are what `docker compose up` would trip over
// first (a command that is no script, a setting the config rejects, a dependency that never
// turns healthy), read from the files themselves.

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  restart?: string;
  volumes?: string[];
}

const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const document = parseDocument(read("docker-compose.yml"), { merge: true });
const compose = document.toJS({ maxAliasCount: -1 }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

/** Images whose own entrypoint runs; we only pass them their documented arguments. */
const thirdPartyImages = /^(postgres|redis|nginx):/;
const ours = services.filter(([, service]) => !thirdPartyImages.test(service.image ?? ""));

/** Values for `${VAR:?…}` placeholders that an operator must supply in .env. */
const operatorSupplied: Record<string, string> = {
  OMNI_ADMIN_KEY: "ak_compose_test_admin_key_0123456789",
  OMNI_INTERNAL_SECRET: "compose-test-internal-secret-0123456789abcdef",
  OMNI_ENCRYPTION_KEY: "8d3f0b6c1e2a4f5d9c7b6a5e4d3c2b1a0f9e8d7c6b5a49382716051423324150",
};

/** Compose's interpolation: `${X:-default}` takes the default, `${X:?message}` what the operator sets. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_match, name: string, kind?: string, rest?: string) => {
    if (kind === "-") return rest ?? "";
    const supplied = operatorSupplied[name];
    if (supplied === undefined) throw new Error(`\${${name}} has neither a default nor a sample value`);
    return supplied;
  });
}

/**
 * A service's command, in the words of the npm script it runs: a command of ours is node on
 * what a script runs (`node … dist/gateway/src/main.js` reads as `npm start`), so that no npm
 * and no script shell sit between the container's SIGTERM and node.
 */
function commandOf(service: Service): string[] {
  const words = Array.isArray(service.command) ? service.command : (service.command ?? "").split(" ").filter(Boolean);
  if (words[0] !== "node") return words;
  const line = words.join(" ");
  const [script] = Object.entries(scripts).find(([, run]) => line === run || line.startsWith(`${run} `)) ?? [];
  if (!script) return words;
  const args = line.slice(scripts[script]!.length).split(" ").filter(Boolean);
  if (script === "start") return ["npm", "start", ...args];
  return ["npm", "run", script, ...(args.length > 0 ? ["--", ...args] : [])];
}
const environmentOf = (service: Service) =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value ?? ""))]),
  );
const dependenciesOf = (service: Service) =>
  Array.isArray(service.depends_on)
    ? service.depends_on.map((name) => [name, { condition: "service_started" }] as const)
    : Object.entries(service.depends_on ?? {});

describe("docker-compose.yml", () => {
  test("is valid YAML with only known anchors", () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  test("describes the distributed topology: database, Redis, migrate job, five subgraphs, two gateways, a worker, TLS", () => {
    const byCommand = (words: string) =>
      ours.filter(([, service]) => commandOf(service).slice(0, words.split(" ").length).join(" ") === words);
    expect(services.filter(([, service]) => service.image?.startsWith("postgres:"))).toHaveLength(1);
    expect(services.filter(([, service]) => service.image?.startsWith("redis:"))).toHaveLength(1);
    expect(byCommand("npm run db:migrate")).toHaveLength(1);
    expect(byCommand("npm start").length).toBeGreaterThanOrEqual(2);
    expect(byCommand("npm run start:worker")).toHaveLength(1);
    const started = byCommand("npm run start:subgraph --").map(([, service]) => commandOf(service).at(-1));
    expect(started.sort()).toEqual([...subgraphNames].sort());
    const balancer = services.find(([, service]) => service.image?.startsWith("nginx:"));
    expect(balancer?.[1].volumes).toEqual(
      expect.arrayContaining(["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", "./deploy/certs:/etc/nginx/certs:ro"]),
    );
  });

  test("every command of ours is node on what an npm script of package.json runs", () => {
    for (const [name, service] of ours) {
      const [npm, verb, script, ...rest] = commandOf(service);
      expect({ service: name, npm, program: [service.command ?? []].flat()[0] }).toEqual({
        service: name,
        npm: "npm",
        program: "node",
      });
      if (verb === "start") {
        expect({ service: name, rest: [script, ...rest].filter(Boolean) }).toEqual({ service: name, rest: [] });
        continue;
      }
      expect({ service: name, verb }).toEqual({ service: name, verb: "run" });
      expect({ service: name, script, exists: Object.hasOwn(scripts, script ?? "") }).toEqual({
        service: name,
        script,
        exists: true,
      });
      if (script === "start:subgraph") expect(subgraphNames).toContain(rest.at(-1));
    }
  });

  test("third-party images run their own entrypoint, with at most their server's arguments", () => {
    for (const [, service] of services.filter(([, s]) => thirdPartyImages.test(s.image ?? ""))) {
      const [program] = commandOf(service);
      expect([undefined, "postgres", "redis-server", "nginx"]).toContain(program);
    }
  });

  test("every environment variable of ours is one config.ts accepts, and the values pass its validation", () => {
    for (const [name, service] of ours) {
      const environment = environmentOf(service);
      const unknown = Object.keys(environment).filter((variable) => !acceptedEnvironmentVariables.includes(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
      const subgraph = commandOf(service).at(-1) as SubgraphName;
      const defaults = subgraphNames.includes(subgraph) ? { port: defaultSubgraphPorts[subgraph] } : {};
      expect(() => loadConfig(environment, defaults)).not.toThrow();
    }
  });

  test("the gateways reach each subgraph by its service name and default port, and leave the jobs to the worker", () => {
    for (const [name, service] of ours.filter(([, s]) => commandOf(s).join(" ") === "npm start")) {
      const config = loadConfig(environmentOf(service));
      expect({ service: name, runWorkers: config.runWorkers, redis: Boolean(config.redisUrl) }).toEqual({
        service: name,
        runWorkers: false,
        redis: true,
      });
      for (const subgraph of subgraphNames) {
        expect(config.subgraphUrls[subgraph]).toBe(`http://${subgraph}:${defaultSubgraphPorts[subgraph]}/graphql`);
        expect(compose.services[subgraph]).toBeDefined();
      }
    }
  });

  test("every depends_on target has a health check, or is a one-shot job that must complete", () => {
    for (const [name, service] of services) {
      for (const [target, { condition }] of dependenciesOf(service)) {
        const dependency = compose.services[target];
        expect({ service: name, target, defined: Boolean(dependency) }).toEqual({
          service: name,
          target,
          defined: true,
        });
        if (condition === "service_completed_successfully") {
          expect({ target, restart: dependency!.restart }).toEqual({ target, restart: "no" });
        } else {
          expect({ service: name, target, condition }).toEqual({ service: name, target, condition: "service_healthy" });
          expect({ target, healthcheck: Boolean(dependency!.healthcheck?.test) }).toEqual({
            target,
            healthcheck: true,
          });
        }
      }
    }
  });

  test("health checks ask the gateways' /ready and each subgraph's /health on its own port", () => {
    for (const [name, service] of ours) {
      const check = service.healthcheck?.test.join(" ") ?? "";
      const command = commandOf(service).join(" ");
      if (command === "npm start")
        expect({ name, check }).toEqual({ name, check: expect.stringContaining("127.0.0.1:4000/ready") });
      const subgraph = commandOf(service).at(-1) as SubgraphName;
      if (command.startsWith("npm run start:subgraph")) {
        expect({ name, check }).toEqual({
          name,
          check: expect.stringContaining(`127.0.0.1:${defaultSubgraphPorts[subgraph]}/health`),
        });
      }
    }
  });

  // Compose's own validation (schema, interpolation, merge keys) with no engine involved.
  // Either implementation may be missing: the Docker CLI here ships without the v2 plugin,
  // and v1 is Debian's `docker-compose` package, which .ci/run installs when apt can.
  const composeImplementations = [
    { name: "docker compose (v2)", command: ["docker", "compose"] },
    { name: "docker-compose (v1)", command: ["docker-compose"] },
  ];
  // An empty --env-file: a developer's own .env must not decide the outcome (v1 wants a
  // regular file, /dev/null is refused).
  const noEnvDirectory = mkdtempSync(path.join(tmpdir(), "omnistack-compose-"));
  const noEnvFile = path.join(noEnvDirectory, "empty.env");
  writeFileSync(noEnvFile, "");
  afterAll(() => rmSync(noEnvDirectory, { recursive: true, force: true }));

  for (const { name, command } of composeImplementations) {
    const [program, ...subcommand] = command as [string, ...string[]];
    const installed = spawnSync(program, [...subcommand, "version"], { encoding: "utf8" }).status === 0;
    const config = (env: NodeJS.ProcessEnv) =>
      spawnSync(program, [...subcommand, "--env-file", noEnvFile, "-f", "docker-compose.yml", "config", "--quiet"], {
        cwd: root,
        encoding: "utf8",
        env,
      });
    const withSecretsUnset = () => {
      const env = { ...process.env };
      for (const variable of Object.keys(operatorSupplied)) delete env[variable];
      return env;
    };

    (installed ? test : test.skip)(`${name} config accepts the file with the three secrets set`, () => {
      const run = config({ ...withSecretsUnset(), ...operatorSupplied });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    });

    (installed ? test : test.skip)(`${name} config refuses to start without the secrets, naming .env`, () => {
      const run = config(withSecretsUnset());
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("set OMNI_ADMIN_KEY (at least 16 characters) in .env");
    });
  }
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);

  test("builds in one stage and runs from another, on the Node version package.json asks for", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm ci\b/);
    expect(stages.at(-1)).toMatch(/COPY --from=build\b/);
    for (const stage of stages) expect(stage).toMatch(/^node:20\b/);
  });

  test("the final command is node on what `npm start` runs, compiled in the build stage, with nothing between it and a signal", () => {
    const commands = [...stages.at(-1)!.matchAll(/^CMD (.+)$/gm)].map((match) => match[1]!);
    expect(commands.length).toBeGreaterThan(0);
    expect(JSON.parse(commands.at(-1)!).join(" ")).toBe(scripts.start);
    expect(scripts.start).toBe("node --enable-source-maps --max-semi-space-size=64 dist/gateway/src/main.js");
    expect(stages[0]).toMatch(/npm run build[\s\S]*npm prune --omit=dev/);
  });
});

test("every server process of docker-compose starts with the young generation the npm scripts give it", () => {
  const servers = ours.filter(([, service]) =>
    [service.command ?? []]
      .flat()
      .some((part) => /dist\/gateway\/src\/(main|worker|cli\/start-subgraph)\.js$/.test(part)),
  );
  expect(servers.length).toBeGreaterThan(5);
  for (const [, service] of servers) expect(service.command).toContain(youngGenerationArg);
  for (const name of ["start", "start:subgraph", "start:worker", "start:distributed"]) {
    expect(scripts[name]).toContain(youngGenerationArg);
  }
});

describe("deploy/nginx.conf", () => {
  const nginx = read("deploy/nginx.conf");

  test("terminates TLS 1.3 only, with the certificate from the mounted volume", () => {
    expect(nginx).toMatch(/^\s*ssl_protocols TLSv1\.3;$/m);
    expect(nginx).toMatch(/ssl_certificate \/etc\/nginx\/certs\/\S+;/);
    expect(nginx).toMatch(/ssl_certificate_key \/etc\/nginx\/certs\/\S+;/);
  });

  test("balances over every gateway replica of the compose file and passes WebSocket upgrades", () => {
    const gateways = ours.filter(([, service]) => commandOf(service).join(" ") === "npm start").map(([name]) => name);
    for (const gateway of gateways) expect(nginx).toContain(`server ${gateway}:4000`);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });
});
