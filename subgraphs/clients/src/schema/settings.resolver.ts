import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { JSONScalar } from "../../../core/src/graphql/scalars";
import type { ClientsContext } from "../context";
import { getSettings, setSetting, type SettingValue } from "../services/settings";

@Resolver()
export class SettingsResolver {
  @Query(() => JSONScalar, { description: "The calling client's settings as one object, { key: value }" })
  settings(@Ctx() ctx: ClientsContext): Promise<Record<string, unknown>> {
    return getSettings(ctx.prisma, requireTenant(ctx.auth));
  }

  @Mutation(() => JSONScalar, {
    description: "Sets one key (`^[a-z][a-zA-Z0-9_.-]{0,63}$`, at most 100 per client) to a JSON value of at most 16 KB",
  })
  setSetting(
    @Arg("key", () => String) key: string,
    // Free-form JSON, not an input class: class-validator has nothing to check in it.
    @Arg("value", () => JSONScalar, { validate: false }) value: SettingValue,
    @Ctx() ctx: ClientsContext,
  ): Promise<SettingValue> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => setSetting(tx, auth, key, value));
  }
}
