import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapPlanToIssueTypes, type ProjectIssueType } from '../../src/exports/mapping.ts';
import type { ItemType, Plan, PlanItem } from '../../src/plan/model.ts';

const companyManaged: ProjectIssueType[] = [
  { id: '10000', name: 'Epic', hierarchyLevel: 1, subtask: false },
  { id: '10001', name: 'Story', hierarchyLevel: 0, subtask: false },
  { id: '10002', name: 'Task', hierarchyLevel: 0, subtask: false },
  { id: '10003', name: 'Bug', hierarchyLevel: 0, subtask: false },
  { id: '10004', name: 'Sub-task', hierarchyLevel: -1, subtask: true },
  { id: '10005', name: 'Incident', hierarchyLevel: 0, subtask: false },
];

const teamManaged: ProjectIssueType[] = [
  { id: '20010', name: 'Epic', hierarchyLevel: 1, subtask: false },
  { id: '20011', name: 'Story', hierarchyLevel: 0, subtask: false },
  { id: '20012', name: 'Task', hierarchyLevel: 0, subtask: false },
  { id: '20013', name: 'Bug', hierarchyLevel: 0, subtask: false },
  { id: '20014', name: 'Subtask', hierarchyLevel: -1, subtask: true },
];

function item(id: string, type: ItemType, children: PlanItem[] = []): PlanItem {
  return { id, type, title: id, priority: 'medium', status: 'todo', dependsOn: [], children };
}

function plan(...items: PlanItem[]): Plan {
  return { id: 'p', title: 'P', items };
}

function typeOf(mapping: ReturnType<typeof mapPlanToIssueTypes>, id: string): string | undefined {
  return mapping.items.get(id)?.issueType.name;
}

describe('mapPlanToIssueTypes', () => {
  it('maps each plan type by hierarchy level in a company-managed project', () => {
    const mapping = mapPlanToIssueTypes(
      plan(
        item('e', 'epic', [
          item('s', 'story', [item('st', 'subtask'), item('t-under-story', 'task')]),
          item('t', 'task'),
          item('b', 'bug'),
          item('sp', 'spike'),
          item('m', 'milestone'),
        ]),
        item('f', 'feature'),
      ),
      companyManaged,
    );

    assert.deepEqual(mapping.problems, []);
    assert.equal(typeOf(mapping, 'e'), 'Epic');
    assert.equal(typeOf(mapping, 'f'), 'Epic');
    assert.equal(typeOf(mapping, 's'), 'Story');
    assert.equal(typeOf(mapping, 'st'), 'Sub-task');
    assert.equal(typeOf(mapping, 't-under-story'), 'Sub-task');
    assert.equal(typeOf(mapping, 't'), 'Task');
    assert.equal(typeOf(mapping, 'b'), 'Bug');
    assert.deepEqual(mapping.items.get('sp')?.extraLabels, ['spike']);
    assert.deepEqual(mapping.items.get('m')?.extraLabels, ['milestone']);
    assert.equal(mapping.items.get('st')?.parentItemId, 's');
    assert.equal(mapping.items.get('s')?.parentItemId, 'e');
    assert.deepEqual(mapping.order, ['e', 's', 'st', 't-under-story', 't', 'b', 'sp', 'm', 'f']);
  });

  it('uses the team-managed "Subtask" type found by level, not by a fixed id', () => {
    const mapping = mapPlanToIssueTypes(
      plan(item('s', 'story', [item('st', 'subtask')])),
      teamManaged,
    );

    assert.equal(mapping.items.get('st')?.issueType.id, '20014');
  });

  it('reports one "Missing issue types" error naming the type and its items', () => {
    const noStory = companyManaged.filter((type) => type.name !== 'Story');
    const mapping = mapPlanToIssueTypes(
      plan(item('e', 'epic', [item('s1', 'story'), item('s2', 'story')])),
      noStory,
    );

    const errors = mapping.problems.filter((problem) => problem.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.code, 'missing_issue_types');
    assert.deepEqual(errors[0]?.itemIds, ['s1', 's2']);
    assert.match(errors[0]?.message ?? '', /no Story issue type, needed by 2 item\(s\) \(s1, s2\)/);
    assert.match(errors[0]?.message ?? '', /Custom issue types are not automatically mapped/);
  });

  it('uses a custom issue type only through an explicit override', () => {
    const mapping = mapPlanToIssueTypes(plan(item('b', 'bug')), companyManaged, {
      bug: 'Incident',
    });

    assert.equal(typeOf(mapping, 'b'), 'Incident');
    assert.deepEqual(mapping.problems, []);
  });

  it('refuses an override naming a type the project does not have', () => {
    const mapping = mapPlanToIssueTypes(plan(item('b', 'bug')), companyManaged, { bug: 'Defect' });

    assert.equal(mapping.problems[0]?.code, 'unknown_issue_type');
    assert.match(mapping.problems[0]?.message ?? '', /"Defect", which is not an issue type/);
  });

  it('attaches items nested deeper than the hierarchy to the nearest valid ancestor', () => {
    const mapping = mapPlanToIssueTypes(
      plan(
        item('e', 'epic', [
          item('s', 'story', [item('inner-story', 'story'), item('b', 'bug')]),
          item('st', 'subtask', [item('st2', 'subtask')]),
        ]),
      ),
      companyManaged,
    );

    assert.equal(mapping.items.get('inner-story')?.parentItemId, 'e');
    assert.equal(mapping.items.get('b')?.parentItemId, 'e');
    // A sub-task directly under an epic has no base-level parent, so it becomes a Task.
    assert.equal(typeOf(mapping, 'st'), 'Task');
    assert.equal(mapping.items.get('st2')?.parentItemId, 'st');
    const codes = mapping.problems.map((problem) => `${problem.code}:${problem.itemIds[0]}`);
    assert.deepEqual(codes.sort(), [
      'reattached:b',
      'reattached:inner-story',
      'subtask_without_parent:st',
    ]);
    assert.ok(mapping.problems.every((problem) => problem.severity === 'warning'));
  });
});
