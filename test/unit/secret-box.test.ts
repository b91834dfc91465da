import { openSecret, sealSecret, secretHint } from '../../core/secret-box';

const appSecret = 'a'.repeat(43);
const key = 'rk_live_51Guichet000000000000wxyz';

describe('secrets sealed at rest', () => {
  it('open with the same APP_SECRET and purpose, and never show the secret in the sealed form', () => {
    const sealed = sealSecret(appSecret, key, 'brand:1:stripe:secretKey');
    expect(sealed).not.toContain(key);
    expect(sealed).not.toContain('wxyz');
    expect(openSecret(appSecret, sealed, 'brand:1:stripe:secretKey')).toBe(key);
    // A fresh nonce each time: the same key sealed twice looks different.
    expect(sealSecret(appSecret, key, 'brand:1:stripe:secretKey')).not.toBe(sealed);
  });

  it('refuse to open under another APP_SECRET, for another brand or field, or once tampered with', () => {
    const sealed = sealSecret(appSecret, key, 'brand:1:stripe:secretKey');
    expect(() => openSecret('b'.repeat(43), sealed, 'brand:1:stripe:secretKey')).toThrow();
    expect(() => openSecret(appSecret, sealed, 'brand:2:stripe:secretKey')).toThrow();
    expect(() => openSecret(appSecret, sealed, 'brand:1:stripe:webhookSecret')).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => openSecret(appSecret, [v, iv, tag, flipped.toString('base64url')].join('.'), 'brand:1:stripe:secretKey')).toThrow();
    expect(() => openSecret(appSecret, 'not sealed', 'brand:1:stripe:secretKey')).toThrow('not a sealed secret');
  });

  it('show an admin which key is set by its kind and last characters only', () => {
    expect(secretHint(key)).toBe('rk_live_…wxyz');
    expect(secretHint('whsec_abcdefghijklmnop')).toBe('whsec_…mnop');
  });
});
