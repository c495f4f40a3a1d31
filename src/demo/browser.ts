/**
 * A small HTTP client that behaves like a browser towards Projan and the Atlassian stand-in:
 * it keeps cookies per host, sends the CSRF token Projan hands out, and follows redirects one
 * by one so each hop of the OAuth redirect chain is seen.
 */

/** A response as the demo reads it. */
export interface Page {
  status: number;
  url: string;
  location: string | undefined;
  text: string;
}

export class Browser {
  readonly #cookies = new Map<string, Map<string, string>>();
  csrfToken: string | undefined;

  /** GET or POST with cookies; does not follow redirects. */
  async request(
    url: string,
    init: { method?: string; json?: unknown; form?: Record<string, string> } = {},
  ): Promise<Page> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'application/json, text/html' };
    const cookie = this.#cookieHeader(target.host);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const method = init.method ?? (body === undefined ? 'GET' : 'POST');
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(target, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    this.#remember(target.host, response.headers.getSetCookie());
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      url: target.toString(),
      location: location === undefined ? undefined : new URL(location, target).toString(),
      text: await response.text(),
    };
  }

  /** A JSON API call; throws with Projan's message and guidance when it fails. */
  async api<T>(url: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
    const page = await this.request(url, init);
    const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
    const parsed = page.text ? (JSON.parse(page.text) as unknown) : undefined;
    if (page.status >= 400) {
      const problem = parsed as { message?: string; guidance?: string[] } | undefined;
      const guidance = problem?.guidance?.length ? ` ${problem.guidance.join(' ')}` : '';
      throw new Error(
        `${method} ${new URL(url).pathname} answered ${page.status}: ${problem?.message ?? page.text}${guidance}`,
      );
    }
    return parsed as T;
  }

  /** Follows redirects from `url` (at most 10 hops); returns every page visited. */
  async follow(url: string): Promise<Page[]> {
    const pages: Page[] = [];
    let next: string | undefined = url;
    while (next !== undefined && pages.length < 10) {
      const page = await this.request(next);
      pages.push(page);
      next = page.status >= 300 && page.status < 400 ? page.location : undefined;
    }
    return pages;
  }

  #cookieHeader(host: string): string {
    const jar = this.#cookies.get(host);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  #remember(host: string, setCookies: string[]): void {
    const jar = this.#cookies.get(host) ?? new Map<string, string>();
    for (const header of setCookies) {
      const [pair] = header.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index <= 0) continue;
      jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    this.#cookies.set(host, jar);
  }
}
