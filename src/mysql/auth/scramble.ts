/**
 * The 20-byte auth-plugin-data (notes §2.3): each byte `rand & 0x7F`, with 0x00 and 0x24
 * bumped by one as MySQL's `generate_user_salt` does, so the scramble never contains NUL
 * (Connector/J reads it as a NUL-terminated string) nor `$`.
 */

/** A fresh random scramble. */
export function generateScramble(): Uint8Array {
  const s = crypto.getRandomValues(new Uint8Array(20));
  for (let i = 0; i < s.length; i++) {
    let b = s[i]! & 0x7f;
    if (b === 0 || b === 0x24) b++;
    s[i] = b;
  }
  return s;
}
