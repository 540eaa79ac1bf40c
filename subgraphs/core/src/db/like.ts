/**
 * Text for a LIKE pattern that matches itself only: `%` and `_` are not wildcards in a search
 * box. Prisma's `contains`, `startsWith` and `endsWith` pass their text into LIKE unescaped,
 * so every search a client types goes through here first.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
