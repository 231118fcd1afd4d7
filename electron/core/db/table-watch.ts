import type { Database } from 'better-sqlite3-multiple-ciphers';

/** A number that grows whenever a watched table changes through one connection. */
export interface TableWatch {
  version: number;
}

/** A table to watch, and (optionally) which of its rows count, as an SQL condition on `new` or `old`. */
export interface WatchedTable {
  readonly table: string;
  readonly row?: (image: 'new' | 'old') => string;
}

const watches = new WeakMap<Database, Map<string, TableWatch>>();

/**
 * A version bumped on every write to `tables` through this connection — a
 * repository's, the sync engine applying another workstation's change, a
 * migration's — by connection-local (TEMP) triggers, so no writer has to
 * remember to. Shared by every repository on the connection under `name`.
 * Triggers cannot see a rollback: whoever rolls back writes must bump the
 * version too (the dispatcher tells the caches that rest on one).
 */
export function watchTables(db: Database, name: string, tables: readonly WatchedTable[]): TableWatch {
  let byName = watches.get(db);
  if (byName === undefined) {
    byName = new Map();
    watches.set(db, byName);
  }
  const existing = byName.get(name);
  if (existing !== undefined) return existing;
  const watch: TableWatch = { version: 0 };
  const changed = `zahanati_${name}_changed`;
  db.function(changed, { deterministic: false, varargs: false }, () => {
    watch.version += 1;
    return null;
  });
  for (const { table, row } of tables) {
    for (const [event, image] of [
      ['INSERT', 'new'],
      ['UPDATE', 'new'],
      ['UPDATE', 'old'],
      ['DELETE', 'old'],
    ] as const) {
      // Without a row condition one trigger per event is enough; with one, an update counts if either image matches.
      if (row === undefined && image === 'old' && event === 'UPDATE') continue;
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS zahanati_${name}_${table}_${event.toLowerCase()}_${image}
         AFTER ${event} ON main.${table}
         ${row === undefined ? '' : `WHEN ${row(image)}`}
         BEGIN SELECT ${changed}(); END`,
      );
    }
  }
  byName.set(name, watch);
  return watch;
}
