// A person in a real browser (Chromium through Playwright) signs in on the consent page, picks a
// site and accepts; the browser lands on the app's callback with the code and the state
// (facts §1.1, must-have 1; OAUTH-DOC: resource-level apps show a site picker).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { authorizeUrl, REDIRECT, roles, start, testFixture } from './helpers.ts';

const fixture = testFixture();
fixture.app.grantType = 'resource';
const { member, siteA } = roles(fixture);

describe('consent page in a browser', () => {
  let emu: RunningEmulator;
  let browser: Browser;
  let callback: Server;
  let callbackUrl: string;
  const received: URL[] = [];
  before(async () => {
    emu = await start({ fixture });
    callback = createServer((req, res) => {
      received.push(new URL(req.url ?? '/', 'http://callback'));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('connected');
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    const port = (callback.address() as AddressInfo).port;
    callbackUrl = `http://127.0.0.1:${port}${new URL(REDIRECT).pathname}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    });
  });
  after(async () => {
    await browser.close();
    await new Promise((resolve) => callback.close(resolve));
    await emu.close();
  });

  it('fills the form by its ids and lands on the callback with a code and the state', async () => {
    const page = await browser.newPage();
    await page.goto(authorizeUrl(emu, { redirect_uri: callbackUrl, state: 'browser-state' }));
    await page.selectOption('#account', member);
    await page.selectOption('#site', siteA);
    await Promise.all([page.waitForURL(`${callbackUrl}?**`), page.click('#accept')]);
    assert.equal(await page.textContent('body'), 'connected');
    const landed = received.find((u) => u.pathname === new URL(callbackUrl).pathname);
    assert.equal(landed?.searchParams.get('state'), 'browser-state');
    assert.ok((landed?.searchParams.get('code') ?? '').length > 0);
  });
});
