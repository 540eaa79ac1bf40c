import { lazy } from "react";
import type { ConsolePage } from "../console-page";

// GraphiQL's editor is most of the console's weight: it loads when the explorer is opened.
const ExplorerPage = lazy(() => import("./explorer-page"));

export const explorerPages: ConsolePage[] = [
  {
    path: "/explorer",
    title: "API explorer",
    levels: ["OPERATOR", "PLATFORM_ADMIN", "TENANT_STAFF"],
    component: ExplorerPage,
  },
];
