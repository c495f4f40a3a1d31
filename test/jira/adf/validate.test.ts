import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeAdf, validateAdf } from '../../../src/jira/adf/index.ts';

const doc = (...content: unknown[]) => ({ version: 1, type: 'doc', content });
const p = (text: string, marks?: unknown[]) => ({
  type: 'paragraph',
  content: [{ type: 'text', text, ...(marks ? { marks } : {}) }],
});

describe('validateAdf', () => {
  it('rejects a wrong root', () => {
    assert.deepEqual(validateAdf({ type: 'doc', content: [] }), [
      { path: '', message: 'root must be {"version":1,"type":"doc","content":[...]}' },
    ]);
    assert.equal(validateAdf('text').length, 1);
  });

  it('rejects a heading inside a list item and a list item not starting with a paragraph', () => {
    const bad = doc({
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'heading', attrs: { level: 2 }, content: [] }] },
        {
          type: 'listItem',
          content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [p('x')] }] }],
        },
      ],
    });
    assert.deepEqual(
      validateAdf(bad).map((x) => [x.path, x.message]),
      [
        ['content[0].content[0].content[0]', 'heading is not allowed in listItem'],
        ['content[0].content[1].content[0]', 'listItem must start with paragraph or codeBlock'],
      ],
    );
  });

  it('rejects empty lists, quotes and items, and empty text', () => {
    const problems = validateAdf(
      doc(
        { type: 'bulletList', content: [] },
        { type: 'blockquote', content: [] },
        { type: 'paragraph', content: [{ type: 'text', text: '' }] },
      ),
    );
    assert.deepEqual(
      problems.map((x) => x.message),
      [
        'bulletList needs at least 1 child',
        'blockquote needs at least 1 child',
        'text must be a non-empty string',
      ],
    );
  });

  it('rejects code combined with strong, duplicate marks and a link without href', () => {
    const problems = validateAdf(
      doc(
        p('a', [{ type: 'code' }, { type: 'strong' }]),
        p('b', [{ type: 'em' }, { type: 'em' }]),
        p('c', [{ type: 'link' }]),
      ),
    );
    assert.deepEqual(
      problems.map((x) => x.message),
      ['code mark combines only with link', 'duplicate mark em', 'link needs attrs.href'],
    );
  });

  it('rejects media, block content in a task item, duplicate localIds and unknown nodes', () => {
    const item = (id: string) => ({
      type: 'taskItem',
      attrs: { localId: id, state: 'TODO' },
      content: [p('x')],
    });
    const problems = validateAdf(
      doc(
        { type: 'mediaSingle', content: [] },
        { type: 'taskList', attrs: { localId: 'l' }, content: [item('i'), item('i')] },
      ),
    );
    assert.deepEqual(
      problems.map((x) => x.message),
      [
        'mediaSingle is not allowed in doc',
        'unexpected node type mediaSingle',
        'paragraph is not allowed in taskItem',
        'duplicate localId i',
        'paragraph is not allowed in taskItem',
      ],
    );
  });

  it('normalizeAdf repairs what the validator rejects', () => {
    const messy = doc(
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [
              { type: 'heading', attrs: { level: 9 }, content: [{ type: 'text', text: 'h' }] },
            ],
          },
        ],
      },
      { type: 'blockquote', content: [] },
      p('a', [{ type: 'code' }, { type: 'strong' }, { type: 'code' }]),
      { type: 'panel', attrs: { panelType: 'info' }, content: [p('inside panel')] },
      {
        type: 'mediaSingle',
        content: [
          { type: 'media', attrs: { type: 'external', url: 'https://e.x/i.png', alt: '' } },
        ],
      },
      {
        type: 'taskList',
        attrs: { localId: 'x' },
        content: [{ type: 'taskItem', attrs: { state: 'DONE' }, content: [p('done')] }],
      },
    );
    const fixed = normalizeAdf(messy);
    assert.deepEqual(validateAdf(fixed), []);
    assert.deepEqual(
      fixed.content.map((n) => n.type),
      ['bulletList', 'paragraph', 'paragraph', 'paragraph', 'taskList'],
    );
    assert.deepEqual(fixed.content[1], {
      type: 'paragraph',
      content: [{ type: 'text', text: 'a', marks: [{ type: 'code' }] }],
    });
  });
});
