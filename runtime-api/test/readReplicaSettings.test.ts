import { describe, expect, it } from 'vitest';
import { readRuntimeSettings } from '../src/settings';

describe('DATABASE_READ_URL (read-only endpoints on a replica)', () => {
  it('should leave reads on the primary when unset', () => {
    expect(readRuntimeSettings({}).readReplicaUrl).toBeUndefined();
  });

  it('should take a postgres URL', () => {
    const url = 'postgresql://yijian@standby.internal:5432/yijian?sslmode=require';
    expect(readRuntimeSettings({ DATABASE_READ_URL: url }).readReplicaUrl).toBe(url);
    expect(readRuntimeSettings({ DATABASE_READ_URL: 'postgres://u@10.0.0.2/yijian' }).readReplicaUrl).toBe(
      'postgres://u@10.0.0.2/yijian',
    );
  });

  it('should NOT start with a URL that is not PostgreSQL, naming the variable', () => {
    expect(() => readRuntimeSettings({ DATABASE_READ_URL: 'http://standby:5432/yijian' })).toThrow(
      /DATABASE_READ_URL: must be a postgres/,
    );
    expect(() => readRuntimeSettings({ DATABASE_READ_URL: 'standby:5432' })).toThrow(/DATABASE_READ_URL/);
  });
});
