import { createHash } from 'node:crypto';
import { apiTokenDisplayPrefix, apiTokenState, bearerApiToken, generateApiToken, hashApiToken, isApiTokenShaped, lastUsedIsStale, LAST_USED_EVERY_MS, scopeAllows } from '../../domain/api-token';

describe('API tokens', () => {
  it('are gch_ and 32 random bytes, hashed with SHA-256, shown in lists by their first characters', () => {
    const token = generateApiToken();
    expect(token).toMatch(/^gch_[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(token);
    expect(hashApiToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(apiTokenDisplayPrefix(token)).toBe(token.slice(0, 10));
  });

  it('are told from a customer’s access token (43 characters, no prefix) by their shape', () => {
    const token = generateApiToken();
    expect(bearerApiToken(`Bearer ${token}`)).toBe(token);
    expect(bearerApiToken(`bearer   ${token}`)).toBe(token);
    expect(bearerApiToken('Bearer E84N-1vSR4JQmiCovD7wmEHo6vYK6wftuAOLF9b7dXQ')).toBeNull();
    expect(bearerApiToken(`Bearer gch_${'a'.repeat(39)}`)).toBeNull();
    expect(bearerApiToken(`Basic ${token}`)).toBeNull();
    expect(bearerApiToken(undefined)).toBeNull();
    expect(isApiTokenShaped(`${token}x`)).toBe(false);
  });

  it('read reads only; write does every method', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(scopeAllows('read', m)).toBe(true);
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(scopeAllows('read', m)).toBe(false);
      expect(scopeAllows('write', m)).toBe(true);
    }
  });

  it('are active until revoked or expired, the expiry instant itself included', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    expect(apiTokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(apiTokenState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('active');
    expect(apiTokenState({ revokedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(apiTokenState({ revokedAt: now, expiresAt: new Date(now.getTime() - 1) }, now)).toBe('revoked');
  });

  it('write their last use at most every few minutes', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    expect(lastUsedIsStale(null, now)).toBe(true);
    expect(lastUsedIsStale(new Date(now.getTime() - LAST_USED_EVERY_MS + 1), now)).toBe(false);
    expect(lastUsedIsStale(new Date(now.getTime() - LAST_USED_EVERY_MS), now)).toBe(true);
  });
});
