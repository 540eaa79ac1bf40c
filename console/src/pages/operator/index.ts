import type { ConsolePage } from "../console-page";
import { PlatformPage } from "./platform-page";
import { PlatformsPage } from "./platforms-page";

export const operatorPages: ConsolePage[] = [
  { path: "/platforms", title: "Platforms", levels: ["OPERATOR"], component: PlatformsPage },
  { path: "/platforms/:id", title: "Platform", levels: ["OPERATOR"], component: PlatformPage },
];
