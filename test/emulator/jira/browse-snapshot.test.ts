import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, testSite } from './helpers.ts';

describe('browse view (issue 3: a person sees what an export produced)', () => {
  it('lists projects with their issues at /', () => {
    const { site } = testSite();
    const r = site.browse('/');
    assert.equal(r.status, 200);
    assert.match(String(r.contentType), /^text\/html/);
    assert.match(String(r.body), /<a href="browse\/WEB-1">WEB-1<\/a>/);
    assert.match(String(r.body), /MOB: Mobile App <small>\(team-managed\)<\/small>/);
  });

  it('shows an issue with type, status, parent, description, labels, links with direction and properties', () => {
    const { site, call } = testSite();
    call('PUT', '/issue/WEB-3/properties/com.projan.item', { body: { planId: '42' } });
    const html = String(site.browse('/browse/WEB-3').body);
    assert.match(html, /<dt>Type<\/dt><dd>Task<\/dd>/);
    assert.match(html, /<dt>Status<\/dt><dd>In Progress<\/dd>/);
    assert.match(html, /<dt>Parent<\/dt><dd><a href="WEB-1">WEB-1<\/a><\/dd>/);
    assert.match(html, /Legal checks where card data is processed/);
    assert.match(html, /is blocked by <a href="WEB-2">WEB-2<\/a>/);
    assert.match(html, /com\.projan\.item/);
  });

  it('escapes every piece of text it shows', () => {
    const { site, call } = testSite();
    const made = call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'WEB' },
          issuetype: { name: 'Task' },
          summary: '<script>alert(1)</script>',
          description: doc('<img src=x onerror=alert(1)>'),
        },
      },
    });
    const html = String(site.browse(`/browse/${made.body.key}`).body);
    assert.equal(html.includes('<script>alert'), false);
    assert.equal(html.includes('<img'), false);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('answers 404 for an unknown key', () => {
    const { site } = testSite();
    assert.equal(site.browse('/browse/NOPE-1').status, 404);
  });
});

describe('snapshot (GET /_emulator/state)', () => {
  it('holds issues with type name, parent key, labels, properties, status and links with direction', () => {
    const { site } = testSite();
    const state = site.snapshot() as { issues: Record<string, unknown>[] };
    const web3 = state.issues.find((i) => i.key === 'WEB-3');
    assert.equal(web3?.type, 'Task');
    assert.equal(web3?.parent, 'WEB-1');
    assert.equal(web3?.status, 'In Progress');
    assert.deepEqual(web3?.labels, ['legal']);
    assert.deepEqual(web3?.links, [
      { type: 'Blocks', direction: 'is blocked by', key: 'WEB-2' },
      { type: 'Relates', direction: 'relates to', key: 'FIN-1' },
    ]);
    const fin = state.issues.find((i) => i.key === 'FIN-1');
    assert.deepEqual(fin?.properties, { 'com.example.origin': { source: 'spreadsheet' } });
  });
});
