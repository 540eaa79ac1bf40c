/** An amount of the API's Money (a decimal string) in the person's locale with its currency. */
export const formatMoney = (money: { amount: string; currency: string }): string => {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: money.currency }).format(
      Number(money.amount),
    );
  } catch {
    // A code Intl does not know (the Albanian lek is ALL, which it does; others may come).
    return `${money.amount} ${money.currency}`;
  }
};
