import { readdirSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/*
 * Module boundaries (docs/architecture.md). Each folder under subgraphs/ but core is a module;
 * another module reaches it only through its src/public.ts, and only core and the gateway's
 * loop over subgraphs/modules.ts see all of them. Read from the folders, so a new module is
 * walled in by being created.
 */
const moduleNames = readdirSync(new globalThis.URL("./subgraphs", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "core")
  .map((entry) => entry.name);
const anyPartOf = (name) => [`**/subgraphs/${name}/**`, `**/${name}/src/**`];
const restrict = (...patterns) => ["error", { patterns }];
const boundaries = [
  ...moduleNames.map((own) => ({
    files: [`subgraphs/${own}/**/*.ts`],
    rules: {
      "no-restricted-imports": restrict(
        ...moduleNames
          .filter((other) => other !== own)
          .map((other) => ({
            group: [...anyPartOf(other), `!**/${other}/src/public`],
            message: `Another module's internals: import what ${other} offers from ${other}/src/public.ts.`,
          })),
        {
          group: ["**/gateway/**", "**/modules"],
          message: "Modules never import the gateway or the module list.",
        },
        {
          regex: `core/src/db/(generated/|owners/(?!(${own}|core)$))`,
          message: `Models are imported from the module's own src/db.ts, which sees only ${own}'s models.`,
        },
        {
          group: ["**/core/src/db/types"],
          importNames: ["Db"],
          message: "Core's handle sees every model: take the module's own Db, Tx or RootDb from src/db.ts.",
        },
      ),
    },
  })),
  {
    files: ["subgraphs/core/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict({
        group: [...moduleNames.flatMap(anyPartOf), "**/gateway/**", "**/modules"],
        message: "core is what every module shares: it knows no module and no gateway.",
      }),
    },
  },
  {
    files: ["gateway/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict({
        group: moduleNames.flatMap((name) => [`**/subgraphs/${name}/**`]),
        message: "The gateway knows modules only through subgraphs/modules.ts (their definitions) and core.",
      }),
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "**/dist/",
      ".data/",
      "coverage/",
      "subgraphs/core/src/db/generated/",
      "sdk/src/generated/",
      "tests/operations/generated.ts",
      "console/src/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "error",
    },
  },
  {
    // Command-line tools talk to their user on the terminal.
    files: ["prisma/cli/**", "gateway/src/cli/**", "bench/**", ".ci/**"],
    rules: { "no-console": "off" },
  },
  {
    // The console runs in the browser and talks to the gateway only over HTTP and WebSocket.
    files: ["console/src/**/*.{ts,tsx}"],
    rules: {
      // TypeScript already knows the DOM's names (console/tsconfig.json), as typescript-eslint advises.
      "no-undef": "off",
      "no-restricted-imports": restrict({
        group: ["**/gateway/**", "**/subgraphs/**", "**/sdk/**"],
        message: "The console knows the gateway only through its public API (generated documents in src/generated).",
      }),
    },
  },
  ...boundaries,
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
