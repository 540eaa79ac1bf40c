/** The console link a new person opens to set their password with a single-use token. */
export const setPasswordLink = (token: string): string =>
  `${location.origin}/console/set-password?token=${encodeURIComponent(token)}`;
