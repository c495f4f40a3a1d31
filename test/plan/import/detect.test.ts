import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../../src/plan/import/index.ts';

describe('detectFormat', () => {
  const cases: Array<[string, string, string | undefined, string]> = [
    ['legacy Task Master', '{"tasks": [{"id": 1}]}', undefined, 'taskmaster'],
    ['tagged Task Master', '{"master": {"tasks": []}}', undefined, 'taskmaster'],
    [
      'hybrid Task Master',
      '{"currentTag": "master", "tags": {"master": {"tasks": []}}}',
      undefined,
      'taskmaster',
    ],
    ['truncated Task Master', '{"master": {"tasks": [{"id": 1, "ti', undefined, 'taskmaster'],
    ['Projan JSON', '\uFEFF {"id": "p", "items": []}', undefined, 'projan'],
    ['other JSON', '{"name": "x"}', undefined, 'projan'],
    ['Projan YAML', 'id: p\ntitle: P\nitems:\n  - id: a\n', undefined, 'projan'],
    ['YAML by name', 'id: p\n', 'plan.yml', 'projan'],
    ['spec-kit task line', '## Setup\n\n- [ ] T001 [P] Do it\n', undefined, 'speckit'],
    ['spec-kit phases', '# Tasks: X\n\n## Phase 1: Setup\n', undefined, 'speckit'],
    ['Markdown checklist', '# Roadmap\n\n- [ ] Ship it\n', undefined, 'markdown'],
    ['Markdown with items: line', 'items: see below\n- [ ] A\n', 'TODO.md', 'markdown'],
    ['empty text', '', undefined, 'markdown'],
  ];
  for (const [name, text, fileName, expected] of cases) {
    it(`reads ${name} as ${expected}`, () => {
      assert.equal(detectFormat(text, fileName), expected);
    });
  }
});
