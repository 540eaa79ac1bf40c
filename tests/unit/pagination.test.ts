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
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor(id(1)),
      endCursor: encodeCursor(id(2)),
    });
    expect(page.totalCount).toBe(10);
    const last = toConnection(rows.slice(2), { take: 2, afterId: id(2) }, 10);
    expect(last.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: encodeCursor(id(3)),
      endCursor: encodeCursor(id(3)),
    });
  });

  test("going backward, rows come in reverse and the page reads in the list's order", () => {
    const rows = [5, 4, 3].map((n) => ({ id: id(n) }));
    const page = toConnection(rows, { take: 2, afterId: undefined, backward: true, beforeId: id(6) }, 6);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([id(4), id(5)]);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const start = toConnection(rows.slice(0, 2), { take: 2, afterId: undefined, backward: true }, 2);
    expect(start.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
  });

  test("first and last together, or out of bounds, are a BAD_USER_INPUT naming the argument", () => {
    expect(() => pageWindow({ first: 5, last: 5 })).toThrow(/first or last/);
    expect(() => pageWindow({ last: 101 })).toThrow(/last must be between 0 and 100/);
    expect(() => pageWindow({ before: "garbage" })).toThrow(/before is not a cursor/);
    expect(pageWindow({ last: 0 })).toMatchObject({ take: 0, backward: true });
  });

  test("an empty page has no cursors", () => {
    expect(toConnection([], { take: 5, afterId: undefined }, 0).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
