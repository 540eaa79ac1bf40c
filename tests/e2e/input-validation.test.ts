import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, registerTenant } from "../helpers/tenants";

/** What a caller types is taken as it is: a search for `%` looks for a percent sign. */

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 30_000);
afterAll(() => stack.stop());

describe("searching clients", () => {
  test("% and _ match themselves, not any text", async () => {
    const platform = await createPlatform(stack.http);
    await registerTenant(platform, "plain");
    await registerTenant(platform, "fifty_percent");
    const codes = async (search: string) => {
      const { clients } = await platform.api.data<{ clients: { edges: { node: { code: string } }[] } }>(
        "query ($search: String) { clients(filter: { search: $search }) { edges { node { code } } } }",
        { search },
      );
      return clients.edges.map((edge) => edge.node.code);
    };
    expect(await codes("%")).toEqual([]);
    expect(await codes("_")).toEqual(["fifty_percent"]);
    expect(await codes("fifty_")).toEqual(["fifty_percent"]);
    expect(await codes("y_p")).toEqual(["fifty_percent"]);
    expect(await codes("plain")).toEqual(["plain"]);
  });
});
