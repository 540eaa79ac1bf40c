import { Ctx, Query, Resolver } from "type-graphql";
import { requireCaller } from "../../../core/src/auth/guards";
import { AppError } from "../../../core/src/errors";
import type { ClientsContext } from "../context";
import { Viewer } from "./viewer.types";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: "Who the request's keys identify" })
  async me(@Ctx() ctx: ClientsContext): Promise<Viewer> {
    const auth = requireCaller(ctx.auth);
    const [clientApp, client] = await Promise.all([
      ctx.loaders.clientAppById.load(auth.clientAppId),
      auth.clientId ? ctx.loaders.clientById.load(auth.clientId) : null,
    ]);
    // The gateway authenticated these ids a moment ago; missing rows mean they were deleted since.
    if (!clientApp) throw new AppError("UNAUTHENTICATED", "The client app no longer exists");
    return { clientApp, client };
  }
}
