import type { Storage } from "@graphiql/toolkit";

/**
 * GraphiQL's tabs, history and variables in the browser's storage under a prefix of their
 * own person: on a shared browser (a shop's till), the next person to sign in does not see
 * the last one's operations.
 */
export function personalStorage(person: string): Storage {
  const prefix = `omni-explorer:${person}:`;
  const own = () => Object.keys(localStorage).filter((key) => key.startsWith(prefix));
  return {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
    clear: () => own().forEach((key) => localStorage.removeItem(key)),
    get length() {
      return own().length;
    },
  };
}
