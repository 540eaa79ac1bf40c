import type { FamilyBenefitInput } from "../../generated/graphql";

/** Benefits as a person types them, one `key=value` a line; the API checks the keys. */
export const benefitsText = (benefits: readonly FamilyBenefitInput[]): string =>
  benefits.map(({ key, value }) => `${key}=${value}`).join("\n");

export function parseBenefits(text: string): FamilyBenefitInput[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const separator = line.indexOf("=");
      if (separator < 1) throw new Error(`"${line}" is not key=value`);
      return { key: line.slice(0, separator).trim(), value: line.slice(separator + 1).trim() };
    });
}
