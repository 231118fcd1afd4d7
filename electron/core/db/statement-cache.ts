import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * Prepared statements by SQL text. Compiling a statement costs about as much
 * as running a small one, and repositories run the same few queries on every
 * command (session, facility, visit, patient visibility). Queries whose text
 * depends on the caller's sensitivity scope have only a handful of variants,
 * so the cache stays small, and it is emptied should it ever pass its bound.
 *
 * A cached statement is handed out in its default mode: a caller that wants
 * `.pluck()` asks for it every time, as with a freshly prepared one.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly bound = 256,
  ) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= this.bound) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    } else if (statement.reader) {
      statement.pluck(false).raw(false).expand(false);
    }
    return statement;
  }
}
