import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Routes are parse → command or query → present (STYLE.md, the Medusa model): the SQL lives in
 * named query modules by feature (sql/, materials/, calendar/ …), never in a route file.
 */
const routesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/routes');

/** A query builder started (`knex(`, `trx(`, `db(`, `ctx.knex(`, `ctx.readKnex(`) or raw SQL. */
const SQL = /(^|[^\w.])(trx|knex|db)\s*\(|\.(knex|readKnex)\s*\(|(?<!express)\.raw\s*\(/;
/** An untyped row reaching a presenter. */
const ANY_ROW = /:\s*any\b|Row\s*=\s*any\b/;

describe('route files', () => {
  it('should hold no SQL and no untyped rows (move them to a query module of the feature)', () => {
    const offending: string[] = [];
    for (const file of readdirSync(routesDir).filter((f) => f.endsWith('.ts'))) {
      const lines = readFileSync(path.join(routesDir, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trimStart().startsWith('//') || line.trimStart().startsWith('*')) return;
        if (SQL.test(line) || ANY_ROW.test(line)) offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
