import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adfLength, buildItemDescription, validateAdf } from '../../../src/jira/adf/index.ts';

describe('buildItemDescription', () => {
  it('appends an Acceptance criteria heading and a checklist', () => {
    const doc = buildItemDescription({
      description: 'Ship the **landing page**.',
      acceptanceCriteria: ['Loads in `< 2 s`', '', 'Has a [privacy link](https://e.x/p)'],
      doneCriteria: new Set([2]),
    });
    assert.ok(doc);
    assert.deepEqual(validateAdf(doc), []);
    assert.deepEqual(
      doc.content.map((n) => n.type),
      ['paragraph', 'heading', 'taskList'],
    );
    assert.deepEqual(doc.content[1], {
      type: 'heading',
      attrs: { level: 3 },
      content: [{ type: 'text', text: 'Acceptance criteria' }],
    });
    const items = doc.content[2]?.content ?? [];
    assert.deepEqual(
      items.map((i) => i.attrs?.state),
      ['TODO', 'DONE'],
    );
    assert.deepEqual(items[0]?.content, [
      { type: 'text', text: 'Loads in ' },
      { type: 'text', text: '< 2 s', marks: [{ type: 'code' }] },
    ]);
  });

  it('is byte-for-byte stable, so an unchanged item is not re-sent', () => {
    const input = { description: 'Text', acceptanceCriteria: ['a', 'b'] };
    assert.equal(
      JSON.stringify(buildItemDescription(input)),
      JSON.stringify(buildItemDescription(input)),
    );
    assert.equal(
      adfLength(buildItemDescription(input) ?? { version: 1, type: 'doc', content: [] }) > 0,
      true,
    );
  });

  it('returns undefined when there is nothing to say, and criteria alone otherwise', () => {
    assert.equal(buildItemDescription({}), undefined);
    assert.equal(buildItemDescription({ description: '  ', acceptanceCriteria: [' '] }), undefined);
    const only = buildItemDescription({ acceptanceCriteria: ['works'], heading: 'Done when' });
    assert.deepEqual(
      only?.content.map((n) => n.type),
      ['heading', 'taskList'],
    );
    assert.equal(only?.content[0]?.content?.[0]?.text, 'Done when');
  });
});
