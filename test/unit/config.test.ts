import { EXAMPLE_APP_SECRET, loadConfig } from '../../core/config';

const production = { NODE_ENV: 'production', DATA_DIR: '/tmp/guichet-config-test' };
const realSecret = 'Zx4uV0lq8d3N6m1YtR7wKc2hJp9sGf5a';

describe('loadConfig', () => {
  it('when APP_SECRET is left at the example value in production, then it refuses to start and says what to do', () => {
    expect(() => loadConfig({ ...production, APP_SECRET: EXAMPLE_APP_SECRET })).toThrow(
      /APP_SECRET: still the example value of docker-compose\.yml[\s\S]*openssl rand -base64 32/,
    );
    expect(() => loadConfig({ ...production, APP_SECRET: 'change-me-please-to-32-random-characters' })).toThrow(/APP_SECRET: still the example value/);
  });

  it('when APP_SECRET is a real secret in production, or the example outside production, then it starts', () => {
    expect(loadConfig({ ...production, APP_SECRET: realSecret }).APP_SECRET).toBe(realSecret);
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/guichet-config-test', APP_SECRET: EXAMPLE_APP_SECRET }).APP_SECRET).toBe(EXAMPLE_APP_SECRET);
  });

  it('when REDIS_URL is unset, then the default address is used and marked as not given', () => {
    expect(loadConfig({ ...production, APP_SECRET: realSecret })).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', redisUrlGiven: false });
    expect(loadConfig({ ...production, APP_SECRET: realSecret, GUICHET_DEFAULT_REDIS_URL: 'redis://127.0.0.1:6399' })).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6399',
      redisUrlGiven: false,
    });
    expect(loadConfig({ ...production, APP_SECRET: realSecret, REDIS_URL: 'redis://redis:6379' })).toMatchObject({ REDIS_URL: 'redis://redis:6379', redisUrlGiven: true });
  });
});
