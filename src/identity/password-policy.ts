/**
 * The one password rule: the IAM user API (`user.password`), the operator's account API (`admin_password`) and the
 * `aisp admin bootstrap` command all apply it, so a password one of them accepts the others accept too. Lengths are
 * in UTF-16 code units, as JSON Schema's `minLength` (the route schemas) counts them.
 */
export const passwordPolicy = { minLength: 8, maxLength: 128 } as const;

/** The rule in words, after the field's name: "admin_password must be 8 to 128 characters". */
export const passwordRule = `must be ${passwordPolicy.minLength} to ${passwordPolicy.maxLength} characters`;

export function passwordKeepsPolicy(password: string): boolean {
  return password.length >= passwordPolicy.minLength && password.length <= passwordPolicy.maxLength;
}
