/**
 * A parser for the JQL subset the emulator understands: clauses joined with AND/OR/NOT and
 * parentheses, then ORDER BY. Evaluation lives in `jql-eval.ts`.
 * https://support.atlassian.com/jira-software-cloud/docs/use-advanced-search-with-jira-query-language-jql/
 */

/** A JQL problem Jira reports as a 400 with this message. */
export class JqlError extends Error {
  override readonly name = 'JqlError';
}

/** One operand: a literal, or a function call such as `currentUser()`. */
export interface Operand {
  text: string;
  func: boolean;
}

/** A parsed WHERE part. */
export type JqlNode =
  | { kind: 'and' | 'or'; parts: JqlNode[] }
  | { kind: 'not'; inner: JqlNode }
  | { kind: 'clause'; field: string; op: string; values: Operand[] };

/** A parsed query. */
export interface JqlQuery {
  where: JqlNode | undefined;
  order: { field: string; desc: boolean }[];
}

type Token = { type: 'word' | 'string' | 'punct' | 'op'; text: string };

function tokenize(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      let text = '';
      i += 1;
      while (i < jql.length && jql.charAt(i) !== c) {
        if (jql.charAt(i) === '\\') i += 1;
        text += jql.charAt(i);
        i += 1;
      }
      if (i >= jql.length)
        throw new JqlError('Error in the JQL Query: The quoted string has not been completed.');
      i += 1;
      out.push({ type: 'string', text });
    } else if ('(),'.includes(c)) {
      out.push({ type: 'punct', text: c });
      i += 1;
    } else if ('=!<>~'.includes(c)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : c;
      out.push({ type: 'op', text: op });
      i += op.length;
    } else {
      const m = /^[^\s()",'=!<>~]+/.exec(jql.slice(i));
      const text = m?.[0] ?? c;
      out.push({ type: 'word', text });
      i += text.length;
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw new JqlError('Error in the JQL Query: The query ended unexpectedly.');
    this.pos += 1;
    return t;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.type === 'word' && t.text.toLowerCase() === text;
  }

  query(): JqlQuery {
    const where = this.peek() && !this.isWord('order') ? this.or() : undefined;
    const order: JqlQuery['order'] = [];
    if (this.isWord('order')) {
      this.next();
      if (!this.isWord('by'))
        throw new JqlError("Error in the JQL Query: Expecting 'by' after 'order'.");
      this.next();
      do {
        if (this.peek()?.text === ',') this.next();
        const field = this.next().text;
        const dir =
          this.isWord('asc') || this.isWord('desc') ? this.next().text.toLowerCase() : 'asc';
        order.push({ field, desc: dir === 'desc' });
      } while (this.peek()?.text === ',');
    }
    const rest = this.peek();
    if (rest)
      throw new JqlError(
        `Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${rest.text}'.`,
      );
    return { where, order };
  }

  private or(): JqlNode {
    const parts = [this.and()];
    while (this.isWord('or')) {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'or', parts };
  }

  private and(): JqlNode {
    const parts = [this.unary()];
    while (this.isWord('and')) {
      this.next();
      parts.push(this.unary());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'and', parts };
  }

  private unary(): JqlNode {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', inner: this.unary() };
    }
    if (this.peek()?.text === '(') {
      this.next();
      const inner = this.or();
      if (this.next().text !== ')') throw new JqlError("Error in the JQL Query: Expecting ')'.");
      return inner;
    }
    return this.clause();
  }

  private clause(): JqlNode {
    const field = this.next();
    if (field.type === 'punct' || field.type === 'op') {
      throw new JqlError(`Error in the JQL Query: Expecting a field name but got '${field.text}'.`);
    }
    let op = this.next();
    let opText = op.text.toLowerCase();
    if (opText === 'not' || opText === 'is') {
      op = this.next();
      opText = `${opText} ${op.text.toLowerCase()}`;
      if (opText === 'is not') {
        opText = 'is not';
      } else if (opText !== 'not in' && !opText.startsWith('is ')) {
        throw new JqlError(`Error in the JQL Query: Expecting operator but got '${op.text}'.`);
      }
      if (opText.startsWith('is ') && opText !== 'is not') {
        // `is EMPTY`: the word after `is` was the operand.
        return {
          kind: 'clause',
          field: field.text,
          op: 'is',
          values: [{ text: op.text, func: false }],
        };
      }
    } else if (op.type !== 'op' && opText !== 'in') {
      throw new JqlError(`Error in the JQL Query: Expecting operator but got '${op.text}'.`);
    }
    return { kind: 'clause', field: field.text, op: opText, values: this.operands() };
  }

  private operands(): Operand[] {
    if (this.peek()?.text !== '(') return [this.operand()];
    this.next();
    const values: Operand[] = [];
    while (this.peek()?.text !== ')') {
      values.push(this.operand());
      if (this.peek()?.text === ',') this.next();
      else if (this.peek()?.text !== ')')
        throw new JqlError("Error in the JQL Query: Expecting ',' or ')'.");
    }
    this.next();
    return values;
  }

  private operand(): Operand {
    const t = this.next();
    if (t.type === 'punct' || t.type === 'op') {
      throw new JqlError(`Error in the JQL Query: Expecting a value but got '${t.text}'.`);
    }
    if (t.type === 'word' && this.peek()?.text === '(' && this.tokens[this.pos + 1]?.text === ')') {
      this.pos += 2;
      return { text: t.text, func: true };
    }
    return { text: t.text, func: false };
  }
}

/** Parses JQL; throws JqlError with Jira-like text for what it cannot read. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).query();
}
