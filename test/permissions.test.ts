import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasPermission, isPermissionPattern, Permissions, permissionsCover } from '../src/identity/permissions.js';

describe('permissions', () => {
  it('grants an action by a pattern with * in any segment, or * alone', () => {
    assert.ok(hasPermission(['*'], Permissions.serviceRead));
    assert.ok(hasPermission(['modelarts:*:*'], Permissions.serviceRead));
    assert.ok(hasPermission(['modelarts:service:*'], Permissions.serviceRead));
    assert.ok(!hasPermission(['modelarts:service:create'], Permissions.serviceRead));
    assert.ok(!hasPermission(['moderation:*:*'], Permissions.serviceRead));
    assert.ok(!hasPermission([], Permissions.serviceRead));
  });

  it('covers a set of patterns pattern by pattern: * covers everything, modelarts:*:* covers modelarts:service:get', () => {
    const cases: [string[], string[], boolean][] = [
      [['*'], ['*'], true],
      [['*'], ['modelarts:*:*', 'iam:users:manage'], true],
      [['*:*:*'], ['*'], true],
      [['modelarts:*:*'], ['modelarts:service:get'], true],
      [['modelarts:*:*'], ['modelarts:service:*', 'modelarts:*:get'], true],
      [['modelarts:service:*'], ['modelarts:service:get', 'modelarts:service:infer'], true],
      [['modelarts:*:get'], ['modelarts:service:get'], true],
      [['iam:credentials:manage'], ['iam:credentials:manage'], true],
      [['iam:credentials:manage'], [], true],
      [[], [], true],
      // More than held: never covered.
      [['iam:credentials:manage'], ['*'], false],
      [['modelarts:*:*'], ['*'], false],
      [['modelarts:*:*'], ['*:*:*'], false],
      [['modelarts:*:*'], ['modelarts:service:get', 'iam:users:manage'], false],
      [['modelarts:service:get'], ['modelarts:service:*'], false],
      [['modelarts:*:get'], ['modelarts:service:*'], false],
      [['modelarts:service:*'], ['modelarts:*:get'], false],
      // A wildcard is not judged by today's actions: holding each of them is not holding the wildcard.
      [
        ['modelarts:service:create', 'modelarts:service:get', 'modelarts:service:update', 'modelarts:service:delete'],
        ['modelarts:service:*'],
        false,
      ],
      [[], ['modelarts:service:get'], false],
    ];
    for (const [held, granted, expected] of cases) {
      assert.equal(permissionsCover(held, granted), expected, `${held.join(',')} covers ${granted.join(',')}`);
    }
  });

  it('is a preorder on valid patterns: every set covers itself, and covering is transitive', () => {
    const patterns = ['*', '*:*:*', 'modelarts:*:*', 'modelarts:service:*', 'modelarts:*:get', 'modelarts:service:get'];
    assert.ok(patterns.every(isPermissionPattern));
    for (const a of patterns) {
      assert.ok(permissionsCover([a], [a]), a);
      for (const b of patterns) {
        for (const c of patterns) {
          if (permissionsCover([a], [b]) && permissionsCover([b], [c])) assert.ok(permissionsCover([a], [c]));
        }
        // Covering agrees with what each pattern grants, on every action there is.
        if (permissionsCover([a], [b])) {
          for (const action of Object.values(Permissions)) {
            if (hasPermission([b], action)) assert.ok(hasPermission([a], action), `${a} ${b} ${action}`);
          }
        }
      }
    }
  });
});
