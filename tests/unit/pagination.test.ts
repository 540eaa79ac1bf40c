import { AppError } from "../../subgraphs/core/src/errors";
import { decodeCursor, encodeCursor, pageWindow, toConnection } from "../../subgraphs/core/src/graphql/pagination";

const id = (n: number) => `0190a0a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

describe("Relay pagination", () => {
  test("first defaults to 20 and may not exceed 100", () => {
    expect(pageWindow({}).take).toBe(20);
    expect(pageWindow({ first: 100 }).take).toBe(100);
    expect(() => pageWindow({ first: 101 })).toThrow(AppError);
    expect(() => pageWindow({ first: -1 })).toThrow(AppError);
  });

  test("a cursor round-trips and a forged one is a BAD_USER_INPUT", () => {
    expect(decodeCursor(encodeCursor(id(7)))).toBe(id(7));
    try {
      decodeCursor("bm90LWEtY3Vyc29y");
      throw new Error("expected an AppError");
    } catch (error) {
      expect((error as AppError).code).toBe("BAD_USER_INPUT");
    }
  });

  test("the extra row fetched only tells that another page exists", () => {
    const rows = [1, 2, 3].map((n) => ({ id: id(n) }));
    const page = toConnection(rows, { take: 2, afterId: undefined }, 10);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([id(1), id(2)]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(id(2)) });
    expect(page.totalCount).toBe(10);
    const last = toConnection(rows.slice(2), { take: 2, afterId: id(2) }, 10);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(id(3)) });
  });

  test("an empty page has no end cursor", () => {
    expect(toConnection([], { take: 5, afterId: undefined }, 0).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: null,
    });
  });
});
